package dev.rectify.samples.cli;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.run.Comparison;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.OptimizerSpec;
import dev.rectify.samples.run.Report;
import dev.rectify.samples.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rectify compare A B C}: the same network and seeds with each activation. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the same network with several activations under identical seeds (same initial"
          + " weights, same batches).",
      "Writes results.md (a Markdown table), runs.csv, runs.jsonl and PNG curves to the output"
          + " directory."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "registered activations")
  List<String> activations;

  @Mixin DataOptions data = new DataOptions(DataChoice.DIGITS);

  @Option(
      names = "--model",
      paramLabel = "SPEC",
      converter = Converters.Model.class,
      description = "default: ${DEFAULT-VALUE}")
  ModelSpec model = ModelSpec.parse("mlp:128x2");

  @Mixin OptimizerOptions optimizer = new OptimizerOptions(0.05, 0.9);

  @Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int batchSize = 32;

  @Option(
      names = "--seeds",
      paramLabel = "SEEDS",
      description = "a count (3 = seeds 0,1,2) or a list (0,5,7); default: ${DEFAULT-VALUE}")
  String seeds = "1";

  @Option(names = "--init", paramLabel = "SCHEME", description = "default: ${DEFAULT-VALUE}")
  Init.Scheme init = Init.Scheme.HE_UNIFORM;

  @Option(names = "--out", paramLabel = "DIR", description = "default: ${DEFAULT-VALUE}")
  Path out = Path.of("results", "compare");

  @Override
  public Integer call() throws IOException {
    Checks.distinct("activations", activations);
    data.check();
    for (String a : activations) {
      Names.unary(a);
    }
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    List<Long> seedList = Converters.seeds(seeds);
    OptimizerSpec optimizerSpec = optimizer.spec();
    Checks.writable(out);
    long start = System.nanoTime();
    DatasetSplit split = data.load();
    Comparison.Builder c =
        Comparison.builder(model, split)
            .seeds(seedList)
            .optimizer(optimizerSpec)
            .epochs(epochs)
            .batchSize(batchSize)
            .init(init)
            .outputDir(out)
            .title(data.dataset.cliName() + " " + model)
            .log(Io.stream(spec.commandLine().getOut()));
    for (String a : activations) {
      c.variant(Comparison.Variant.of(a));
    }
    List<RunResult> results = c.build().run();
    String table = Comparison.table(results, List.of(), label -> List.of());
    new Report("compare: " + String.join(", ", activations))
        .command(spec.commandLine().getParseResult().originalArgs())
        .fact("data", data.describe(split))
        .fact("model", model.text())
        .fact(
            "training",
            optimizerSpec.describe()
                + ", batch "
                + batchSize
                + ", "
                + epochs
                + " epochs, init "
                + init)
        .fact("seeds", seedList.toString())
        .wallTime((System.nanoTime() - start) / 1e9)
        .section("Test set after the last epoch", table)
        .image("test accuracy", "test_accuracy.png")
        .image("dead units", "dead_units.png")
        .image("sparsity", "sparsity.png")
        .write(out);
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().printf("wrote %s%n", out.resolve("results.md"));
    return 0;
  }
}
