package dev.rectify.samples.cli;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.glorot2011.Glorot2011;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.ModelSpec;
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
import picocli.CommandLine.Spec;

/** {@code rectify glorot2011}: Deep Sparse Rectifier Neural Networks, on MNIST by default. */
@Command(
    name = "glorot2011",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Glorot, Bordes & Bengio 2011: rectifier vs tanh vs softplus vs sigmoid MLPs without"
          + " pre-training; test error and sparsity (%% exact zeros) per hidden layer.",
      "Defaults follow the PyTorch reference runs (784-1000-1000-1000-10, SGD momentum 0.9,"
          + " lr 0.05, batch 128, 20 epochs); --momentum 0 is the paper's plain SGD.",
      "Writes results.md, runs.csv, runs.jsonl, per-epoch metrics and PNG curves to --out."
    })
final class Glorot2011Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data = new DataOptions(DataChoice.MNIST);

  @Option(
      names = "--model",
      paramLabel = "SPEC",
      converter = Converters.Model.class,
      description = "default: ${DEFAULT-VALUE}")
  ModelSpec model = ModelSpec.parse("mlp:1000x3");

  @Option(
      names = "--activations",
      split = ",",
      paramLabel = "NAMES",
      description = "default: relu,tanh,softplus,sigmoid")
  List<String> activations = Glorot2011.ACTIVATIONS;

  @Mixin OptimizerOptions optimizer = new OptimizerOptions(0.05, 0.9);

  @Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int epochs = 20;

  @Option(names = "--batch-size", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int batchSize = 128;

  @Option(
      names = "--seeds",
      paramLabel = "SEEDS",
      description = "a count (3 = seeds 0,1,2) or a list; default: ${DEFAULT-VALUE}")
  String seeds = "1";

  @Option(
      names = "--init",
      paramLabel = "SCHEME",
      description = "default: ${DEFAULT-VALUE} (as the reference runs)")
  Init.Scheme init = Init.Scheme.PYTORCH_DEFAULT;

  @Option(
      names = "--l1",
      paramLabel = "LAMBDA",
      description = "also train the rectifier with this L1 activation penalty (e.g. 0.001)")
  float activityL1;

  @Option(
      names = "--negate-half",
      description = "also train the rectifier with half of each layer's outputs negated")
  boolean negatedHalf;

  @Option(names = "--out", paramLabel = "DIR", description = "default: ${DEFAULT-VALUE}")
  Path out = Path.of("results", "glorot2011");

  @Override
  public Integer call() throws IOException {
    Checks.distinct("--activations", activations);
    data.check();
    activations.forEach(Names::unary);
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    Checks.nonNegative("--l1", activityL1);
    List<Long> seedList = Converters.seeds(seeds);
    Glorot2011.Config config =
        new Glorot2011.Config(
            model,
            activations,
            optimizer.spec(),
            epochs,
            batchSize,
            seedList,
            init,
            activityL1,
            negatedHalf);
    Checks.writable(out);
    long start = System.nanoTime();
    DatasetSplit split = data.load();
    List<RunResult> results =
        Glorot2011.run(config, split, out, Io.stream(spec.commandLine().getOut()));
    String table = Glorot2011.table(results);
    new Report("Glorot, Bordes & Bengio 2011: Deep Sparse Rectifier Neural Networks")
        .command(spec.commandLine().getParseResult().originalArgs())
        .fact("data", data.describe(split))
        .fact("model", model.text() + ", no pre-training, softmax cross-entropy")
        .fact(
            "training",
            optimizer.spec().describe()
                + ", batch "
                + batchSize
                + ", "
                + epochs
                + " epochs, init "
                + init)
        .fact("seeds", seedList.toString())
        .wallTime((System.nanoTime() - start) / 1e9)
        .section("Test set after the last epoch", table)
        .paragraph(
            "Sparsity is the fraction of exact zeros in each hidden layer's output over the"
                + " test set; a unit is dead when it is never > 0 on the test set. The paper and"
                + " reference columns are quoted from PAPERS.md, not computed.")
        .image("test accuracy", "test_accuracy.png")
        .image("sparsity", "sparsity.png")
        .image("dead units", "dead_units.png")
        .write(out);
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().printf("wrote %s%n", out.resolve("results.md"));
    return 0;
  }
}
