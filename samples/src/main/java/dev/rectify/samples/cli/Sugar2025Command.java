package dev.rectify.samples.cli;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.horuz2025.Sugar2025;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.Report;
import dev.rectify.samples.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rectify sugar2025}: The Resurrection of the ReLU, on Fashion-MNIST by default. */
@Command(
    name = "sugar2025",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Horuz et al. 2025 (SUGAR): ReLU vs ReLU with surrogate gradients vs the surrogates used"
          + " as activations, where ReLUs die: a VGG-style CNN without batch norm and a deep"
          + " narrow MLP; dead units per layer over training, sparsity, test accuracy over seeds.",
      "Writes one directory per model under --out (results.md, runs.csv, runs.jsonl, PNG"
          + " curves) and results.md with all tables."
    })
final class Sugar2025Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data = new DataOptions(DataChoice.FASHION_MNIST);

  @Option(
      names = "--models",
      split = ";",
      paramLabel = "SPECS",
      converter = Converters.Model.class,
      description = "';'-separated model specs; default: cnn:vgg-small;mlp:64x10")
  List<ModelSpec> models = List.of(ModelSpec.parse("cnn:vgg-small"), ModelSpec.parse("mlp:64x10"));

  @Option(
      names = "--activations",
      split = ",",
      paramLabel = "NAMES",
      description =
          "default: relu, sugar-{bsilu,nelu,elu,selu,gelu,silu,mish,leaky-relu},"
              + " elu, selu, gelu, silu, mish, leaky-relu")
  List<String> activations = Sugar2025.ACTIVATIONS;

  @Mixin OptimizerOptions optimizer = new OptimizerOptions(0.001, 0.9);

  @Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int batchSize = 128;

  @Option(
      names = "--seeds",
      paramLabel = "SEEDS",
      description = "a count (3 = seeds 0,1,2) or a list; default: ${DEFAULT-VALUE}")
  String seeds = "3";

  @Option(names = "--init", paramLabel = "SCHEME", description = "default: ${DEFAULT-VALUE}")
  Init.Scheme init = Init.Scheme.HE_UNIFORM;

  @Option(names = "--out", paramLabel = "DIR", description = "default: ${DEFAULT-VALUE}")
  Path out = Path.of("results", "sugar2025");

  @Override
  public Integer call() throws IOException {
    Checks.distinct("--models", models);
    Checks.distinct("--activations", activations);
    data.check();
    activations.forEach(Names::unary);
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    List<Long> seedList = Converters.seeds(seeds);
    Sugar2025.Config config =
        new Sugar2025.Config(
            models, activations, optimizer.spec(), epochs, batchSize, seedList, init);
    Checks.writable(out);
    long start = System.nanoTime();
    DatasetSplit split = data.load();
    Map<ModelSpec, List<RunResult>> results =
        Sugar2025.run(config, split, out, Io.stream(spec.commandLine().getOut()));
    Report all =
        new Report("Horuz et al. 2025: The Resurrection of the ReLU (SUGAR)")
            .command(spec.commandLine().getParseResult().originalArgs())
            .fact("data", data.describe(split) + ", no augmentation")
            .fact(
                "training",
                optimizer.spec().describe()
                    + ", batch "
                    + batchSize
                    + ", "
                    + epochs
                    + " epochs, init "
                    + init
                    + ", no batch norm")
            .fact("seeds", seedList.toString() + " (mean ± sample std over seeds)")
            .wallTime((System.nanoTime() - start) / 1e9);
    for (Map.Entry<ModelSpec, List<RunResult>> e : results.entrySet()) {
      String dir = Sugar2025.directory(e.getKey());
      String table = Sugar2025.table(e.getKey(), e.getValue());
      all.section(e.getKey().text(), table)
          .image("dead units per layer", dir + "/dead_units_per_layer.png")
          .image("dead units over training", dir + "/dead_units.png")
          .image("test accuracy", dir + "/test_accuracy.png");
      spec.commandLine().getOut().printf("%s%n%s", e.getKey(), table);
    }
    all.paragraph(
        "A unit is dead when it is never > 0 over the test set (a channel, for conv"
            + " layers); sparsity is the fraction of exact zeros. SUGAR variants compute exactly ReLU"
            + " forward, so their sparsity is comparable with ReLU's; the as-is activations are"
            + " rarely exactly zero.");
    all.write(out);
    spec.commandLine().getOut().printf("wrote %s%n", out.resolve("results.md"));
    return 0;
  }
}
