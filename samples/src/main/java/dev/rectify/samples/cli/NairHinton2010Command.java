package dev.rectify.samples.cli;

import dev.rectify.data.DatasetSplit;
import dev.rectify.samples.nairhinton2010.NairHinton2010;
import dev.rectify.samples.nairhinton2010.Rbm;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rectify nairhinton2010}: binary vs NReLU hidden units in a CD-1 RBM. */
@Command(
    name = "nairhinton2010",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Nair & Hinton 2010: an RBM with binary vs noisy rectified (NReLU) hidden units trained"
          + " with CD-1; reconstruction error, a linear classifier on the hidden features, and"
          + " the network fine-tuned from the RBM's weights.",
      "Writes results.md, rbm.csv and the classifiers' metrics per unit type, and"
          + " reconstruction.png to --out."
    })
final class NairHinton2010Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data = new DataOptions(DataChoice.MNIST);

  @Option(
      names = "--units",
      split = ",",
      paramLabel = "KINDS",
      description = "hidden unit types, from ${COMPLETION-CANDIDATES}; default: BINARY,NRELU")
  List<Rbm.Hidden> units = List.of(Rbm.Hidden.BINARY, Rbm.Hidden.NRELU);

  @Option(
      names = "--hidden",
      paramLabel = "N",
      description = "hidden units, 1 to " + MAX_HIDDEN + "; default: ${DEFAULT-VALUE}")
  int hidden = 500;

  /**
   * The linear classifier holds every training sample's hidden features: 60,000 x 10,000 floats are
   * already 2.4 GB, and above 35,791 units that count no longer fits in a Java array (2,000,000,000
   * failed with NegativeArraySizeException after the data had loaded).
   */
  static final int MAX_HIDDEN = 10_000;

  @Option(names = "--rbm-epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int rbmEpochs = 10;

  @Option(names = "--rbm-lr", paramLabel = "RATE", description = "default: ${DEFAULT-VALUE}")
  double rbmLearningRate = 0.01;

  @Option(names = "--rbm-momentum", paramLabel = "MU", description = "default: ${DEFAULT-VALUE}")
  double rbmMomentum = 0.5;

  @Option(names = "--weight-decay", paramLabel = "L2", description = "default: ${DEFAULT-VALUE}")
  double weightDecay = 2e-4;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "epochs of the linear classifier and of fine-tuning; default: ${DEFAULT-VALUE}")
  int epochs = 5;

  @Option(names = "--batch-size", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int batchSize = 100;

  @Option(names = "--seed", paramLabel = "S", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "default: ${DEFAULT-VALUE}")
  Path out = Path.of("results", "nairhinton2010");

  @Override
  public Integer call() throws IOException {
    Checks.distinct("--units", units);
    data.check();
    Checks.inRange("--hidden", hidden, 1, MAX_HIDDEN);
    Checks.positive("--rbm-epochs", rbmEpochs);
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    Checks.positive("--rbm-lr", rbmLearningRate);
    Checks.nonNegative("--weight-decay", weightDecay);
    if (!(rbmMomentum >= 0 && rbmMomentum < 1)) {
      throw new RectifyCli.UsageException("--rbm-momentum must be in [0, 1), got " + rbmMomentum);
    }
    Checks.writable(out);
    long start = System.nanoTime();
    DatasetSplit split = data.load();
    NairHinton2010.Config config =
        new NairHinton2010.Config(
            units,
            hidden,
            rbmEpochs,
            rbmLearningRate,
            rbmMomentum,
            weightDecay,
            epochs,
            batchSize,
            seed);
    List<NairHinton2010.Result> results =
        NairHinton2010.run(config, split, out, Io.stream(spec.commandLine().getOut()));
    String table = NairHinton2010.table(results);
    new Report("Nair & Hinton 2010: Rectified Linear Units Improve Restricted Boltzmann Machines")
        .command(spec.commandLine().getParseResult().originalArgs())
        .fact("data", data.describe(split) + ", pixels in [0, 1] as binary visible units")
        .fact(
            "RBM",
            String.format(
                "784-%d, CD-1, lr %s, momentum %s, weight decay %s, batch %d, %d epochs",
                hidden, rbmLearningRate, rbmMomentum, weightDecay, batchSize, rbmEpochs))
        .fact(
            "classifiers",
            "SGD momentum 0.9 (linear lr 0.01 on standardised features,"
                + " fine-tuning lr 0.05), "
                + epochs
                + " epochs each")
        .fact("seed", Long.toString(seed))
        .wallTime((System.nanoTime() - start) / 1e9)
        .section("Test set", table)
        .paragraph(
            "The paper reports NReLU ahead of binary units on NORB and Labeled Faces in the"
                + " Wild (its exact numbers were not verified, see PAPERS.md); it has no MNIST RBM"
                + " table, so there is no paper column here.")
        .image("reconstruction error", "reconstruction.png")
        .write(out);
    spec.commandLine().getOut().print(table);
    spec.commandLine().getOut().printf("wrote %s%n", out.resolve("results.md"));
    return 0;
  }
}
