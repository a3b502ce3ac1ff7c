package dev.rectify.samples.cli;

import dev.rectify.checkpoint.Checkpoint;
import dev.rectify.checkpoint.TrainingState;
import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.OptimizerSpec;
import dev.rectify.samples.run.ResultFiles;
import dev.rectify.samples.run.RunResult;
import dev.rectify.samples.run.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rectify train}: one network, one activation, one seed. With no flags it trains a small
 * ReLU MLP on the bundled digits in seconds and prints accuracy, sparsity and dead units per layer:
 * the README's main-job command.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a network with one activation and print test accuracy, sparsity and dead units per"
          + " layer.",
      "Writes metrics.csv and metrics.jsonl per epoch and a checkpoint to the output directory."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RectifyCli parent;

  @Mixin DataOptions data = new DataOptions(DataChoice.DIGITS);

  @Option(
      names = "--model",
      paramLabel = "SPEC",
      converter = Converters.Model.class,
      description =
          "mlp:WIDTHxDEPTH, mlp:W1,W2,..., cnn:vgg-small or cnn:vgg-tiny;"
              + " default: ${DEFAULT-VALUE}")
  ModelSpec model = ModelSpec.parse("mlp:128x2");

  @Option(
      names = {"-a", "--activation"},
      paramLabel = "NAME",
      description = "a registered activation (rectify list); default: ${DEFAULT-VALUE}")
  String activation = "relu";

  @Mixin OptimizerOptions optimizer = new OptimizerOptions(0.05, 0.9);

  @Option(names = "--epochs", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int epochs = 10;

  @Option(names = "--batch-size", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
  int batchSize = 32;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "weights, batch order, random draws;" + " default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--init",
      paramLabel = "SCHEME",
      description =
          "weight initialisation, one of ${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}")
  Init.Scheme init = Init.Scheme.HE_UNIFORM;

  @Option(
      names = "--activity-l1",
      paramLabel = "LAMBDA",
      description = "L1 penalty on activation outputs (Glorot et al. 2011); default: 0")
  float activityL1;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory; default: ${DEFAULT-VALUE}")
  Path out = Path.of("results", "train");

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description = "checkpoint written after every epoch; default: OUT/checkpoint.bin")
  Path checkpoint;

  @Option(names = "--resume", description = "continue from the checkpoint (same seed)")
  boolean resume;

  @Option(
      names = "--overwrite",
      description =
          "replace a previous run's checkpoint and metrics in OUT; without it they move to"
              + " OUT/previous-N")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    Names.activation(activation);
    data.check(); // before OUT is created
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    Checks.nonNegative("--activity-l1", activityL1);
    if (resume && overwrite) {
      throw new RectifyCli.UsageException("--resume and --overwrite exclude each other");
    }
    Path checkpointFile = checkpoint != null ? checkpoint : out.resolve("checkpoint.bin");
    OptimizerSpec optimizerSpec = optimizer.spec();
    TrainingRun run;
    try {
      TrainingRun.checkActivation(activation);
      run =
          TrainingRun.builder(model, activation)
              .optimizer(optimizerSpec)
              .epochs(epochs)
              .batchSize(batchSize)
              .seed(seed)
              .init(init)
              .activityL1(activityL1)
              .outputDir(out)
              .checkpoint(checkpointFile)
              .resume(resume)
              .log(Io.stream(spec.commandLine().getOut()), parent != null && parent.interactive)
              .build();
    } catch (IllegalArgumentException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
    Checks.writable(out);
    checkWritable(checkpointFile);
    PrintWriter w = spec.commandLine().getOut();
    if (resume) {
      checkResumable(checkpointFile, run);
    } else {
      startOver(checkpointFile, w);
    }

    DatasetSplit split = data.load();
    w.printf(
        "train: %s, %s, %s, %s, batch %d, %d epochs, seed %d%n",
        data.describe(split), model, activation, optimizerSpec.describe(), batchSize, epochs, seed);
    RunResult r = run.run(split);
    if (r.divergence() != null) {
      // the parameters in memory are the diverged ones: no accuracy or sparsity to report
      throw new RectifyCli.Failure(
          "training "
              + r.divergence()
              + (Files.isRegularFile(checkpointFile)
                  ? "; the last good checkpoint is "
                      + checkpointFile
                      + " (epoch "
                      + Checkpoint.readState(checkpointFile).epoch()
                      + ")"
                  : "; no checkpoint was written"));
    }
    print(w, r);
    w.printf("metrics: %s%n", out.resolve("metrics.csv"));
    return 0;
  }

  /**
   * A run without --resume must not mix with a previous one in OUT: its metrics would be appended
   * to the old files (under the old header) and its checkpoint would replace the old one. The old
   * files move to {@code OUT/previous-<k>} (the first k free), so that the README's main job can
   * run again and nothing is lost; with --overwrite they are deleted.
   */
  private void startOver(Path checkpointFile, PrintWriter w) throws IOException {
    List<Path> previous = new ArrayList<>();
    for (Path p :
        List.of(checkpointFile, out.resolve("metrics.csv"), out.resolve("metrics.jsonl"))) {
      if (Files.exists(p)) {
        previous.add(p);
      }
    }
    if (previous.isEmpty()) {
      return;
    }
    if (overwrite) {
      for (Path p : previous) {
        Files.delete(p);
      }
      return;
    }
    Path archive = out.resolve("previous-1");
    for (int k = 2; Files.exists(archive); k++) {
      archive = out.resolve("previous-" + k);
    }
    Files.createDirectories(archive);
    for (Path p : previous) {
      Files.move(p, archive.resolve(p.getFileName()));
    }
    w.printf(
        "moved the previous run in %s to %s (--resume continues a run, --overwrite replaces it)%n",
        out, archive);
  }

  /** Fails before any training when the checkpoint could not be written after the first epoch. */
  private static void checkWritable(Path checkpointFile) {
    if (Files.isDirectory(checkpointFile)) {
      throw new RectifyCli.UsageException("--checkpoint " + checkpointFile + " is a directory");
    }
    Path folder = checkpointFile.toAbsolutePath().getParent();
    try {
      ResultFiles.ensureWritable(folder);
    } catch (IOException e) {
      throw new RectifyCli.UsageException("--checkpoint " + checkpointFile + ": " + e.getMessage());
    }
  }

  /** Checks before any data loads that the checkpoint can continue with these settings. */
  private void checkResumable(Path checkpointFile, TrainingRun run) throws IOException {
    if (!Files.isRegularFile(checkpointFile)) {
      throw new RectifyCli.UsageException("--resume: no checkpoint at " + checkpointFile);
    }
    Checkpoint.Summary stored = Checkpoint.readSummary(checkpointFile);
    TrainingState state = stored.state();
    if (state.seed() != seed) {
      throw new RectifyCli.UsageException(
          checkpointFile
              + " was trained with seed "
              + state.seed()
              + ": pass --seed "
              + state.seed()
              + " to continue it");
    }
    // what TrainingRun records, but the data set, which is known only once loaded
    String conflict = Checkpoint.conflict(stored.description(), run.describe(null));
    if (conflict != null) {
      throw new RectifyCli.UsageException(checkpointFile + " was " + conflict);
    }
    if (state.epoch() >= epochs) {
      throw new RectifyCli.UsageException(
          checkpointFile
              + " has finished "
              + state.epoch()
              + " epochs: nothing to train with --epochs "
              + epochs
              + "; raise --epochs to continue");
    }
  }

  /** The final report: accuracy, then sparsity and dead units for each activation layer. */
  static void print(PrintWriter w, RunResult r) {
    w.printf(
        Locale.ROOT,
        "test accuracy %.2f %% (error %.2f %%), %.1f s%n",
        100 * r.last().accuracy(),
        100 * (1 - r.last().accuracy()),
        r.seconds());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"layer", "sparsity", "dead units"});
    for (String layer : r.layers()) {
      rows.add(
          new String[] {
            layer,
            String.format(Locale.ROOT, "%.1f %%", 100 * r.last().sparsity().get(layer)),
            String.format(Locale.ROOT, "%.1f %%", 100 * r.last().deadUnits().get(layer))
          });
    }
    Table.print(w, rows);
  }
}
