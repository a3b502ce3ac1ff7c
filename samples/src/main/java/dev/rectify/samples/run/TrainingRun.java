package dev.rectify.samples.run;

import dev.rectify.data.Dataset;
import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.Activations;
import dev.rectify.nn.GatedActivation;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Sequential;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.optim.Optimizer;
import dev.rectify.train.EpochMetrics;
import dev.rectify.train.Evaluation;
import dev.rectify.train.Trainer;
import dev.rectify.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * One seeded training run of a {@link ModelSpec} with a registered activation, composed on the
 * runtime's {@link Trainer}: the samples add no training loop of their own.
 *
 * <pre>{@code
 * RunResult r = TrainingRun.builder(ModelSpec.parse("mlp:128x2"), "relu")
 *     .optimizer(OptimizerSpec.sgd(0.05, 0.9)).epochs(10).batchSize(32).seed(0)
 *     .outputDir(Path.of("results/train"))
 *     .build()
 *     .run(DataChoice.DIGITS.load(null, 0, 0));
 * }</pre>
 *
 * <p>The model's weights and the trainer's draws both come from the seed, so runs that differ only
 * in the activation start from the same weights and see the same batches.
 */
public final class TrainingRun {
  private final Builder b;

  private TrainingRun(Builder b) {
    this.b = b;
  }

  /** A run of {@code model} with the activation registered as {@code activation}. */
  public static Builder builder(ModelSpec model, String activation) {
    return new Builder(model, activation);
  }

  /**
   * Checks that {@code name} is a registered one-input activation.
   *
   * @throws IllegalArgumentException naming the closest registered names when it is not
   */
  public static void checkActivation(String name) {
    ActivationFunction f = Activations.byName(name);
    if (f instanceof GatedActivation) {
      throw new IllegalArgumentException(
          "'" + name + "' is a gated activation of two inputs; these models need a one-input one");
    }
  }

  /** Builds the model for {@code data}'s samples, without training it. */
  public ModelSpec.Model model(Dataset data) {
    checkActivation(b.activation);
    IntFunction<Layer> activation =
        i -> {
          Layer layer = Activations.byName(b.activation).newLayer();
          if (b.activityL1 > 0) {
            ((UnaryActivationLayer) layer).activityL1(b.activityL1);
          }
          return layer;
        };
    return b.model.build(
        data.sampleShape(), data.numClasses(), activation, b.afterActivation, b.init, b.seed);
  }

  /** Trains on {@code data.train()}, evaluating on {@code data.test()} after every epoch. */
  public RunResult run(DatasetSplit data) throws IOException {
    long start = System.nanoTime();
    ModelSpec.Model model = model(data.train());
    Sequential net = model.net();
    Optimizer optimizer = b.optimizer.create(net.parameters());
    // not (size + batch - 1) / batch, which overflows for a batch size near Integer.MAX_VALUE
    int steps = (data.train().size() - 1) / b.batchSize + 1;
    Trainer.Builder t =
        Trainer.builder(net, optimizer)
            .batchSize(b.batchSize)
            .epochs(b.epochs)
            .seed(b.seed)
            .schedule(b.optimizer.schedule(steps, b.epochs))
            .log(b.log, b.interactive);
    if (b.activityL1 > 0) {
      t.penalty(net::activityPenalty);
    }
    for (Map.Entry<String, Integer> w : model.watched().entrySet()) {
      int index = w.getValue();
      t.watch(w.getKey(), () -> net.outputs().get(index));
    }
    if (b.outputDir != null) {
      t.outputDir(b.outputDir);
    }
    if (b.checkpoint != null) {
      t.checkpoint(b.checkpoint).describe(describe(data));
    }
    Trainer trainer = t.build();
    if (b.resume) {
      if (b.checkpoint == null || !Files.isRegularFile(b.checkpoint)) {
        throw new IOException("--resume: no checkpoint at " + b.checkpoint);
      }
      trainer.resume(b.checkpoint);
      b.log.printf("resumed from %s after epoch %d%n", b.checkpoint, trainer.state().epoch());
    }
    List<EpochMetrics> history;
    String divergence = null;
    try {
      history = trainer.fit(data.train(), data.test());
    } catch (TrainingDivergedException e) {
      // A result in its own right (SELU in a deep narrow net at a high rate): the comparison
      // reports it and goes on with the other variants.
      b.log.printf("%s%n", e.getMessage());
      history = List.of();
      divergence = "diverged at step " + e.step() + " (epoch " + (e.epoch() + 1) + ")";
    }
    Evaluation last =
        history.isEmpty() ? trainer.evaluate(data.test()) : history.get(history.size() - 1).test();
    return new RunResult(
        b.label == null ? b.activation : b.label,
        b.activation,
        b.seed,
        history,
        last,
        new ArrayList<>(model.watched().keySet()),
        (System.nanoTime() - start) / 1e9,
        divergence);
  }

  /**
   * What a checkpoint of this run records, so that a resume with another activation, model or data
   * set is refused rather than continued: those pass every shape check when the sizes agree. The
   * data set only when {@code data} is given: a check before loading it has activation and model.
   */
  public Map<String, String> describe(DatasetSplit data) {
    Map<String, String> d = new TreeMap<>();
    d.put("activation", b.activation);
    d.put("model", b.model.toString());
    if (data != null) {
      d.put("dataset", data.train().name());
    }
    return d;
  }

  /** Settings of a {@link TrainingRun}; defaults are the bundled-digits quick run. */
  public static final class Builder {
    private final ModelSpec model;
    private final String activation;
    private String label;
    private OptimizerSpec optimizer = OptimizerSpec.sgd(0.05, 0.9);
    private int epochs = 10;
    private int batchSize = 32;
    private long seed;
    private Init.Scheme init = Init.Scheme.HE_UNIFORM;
    private float activityL1;
    private IntFunction<Layer> afterActivation;
    private Path outputDir;
    private Path checkpoint;
    private boolean resume;
    private PrintStream log = System.out;
    private boolean interactive;

    private Builder(ModelSpec model, String activation) {
      this.model = model;
      this.activation = activation;
    }

    /** The name results show for this run; the activation's name by default. */
    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder optimizer(OptimizerSpec optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder init(Init.Scheme init) {
      this.init = init;
      return this;
    }

    /** Glorot et al.'s L1 penalty on every activation layer's output, 0 for none. */
    public Builder activityL1(float lambda) {
      this.activityL1 = lambda;
      return this;
    }

    /** A layer inserted after each activation (given the activation's index), or null. */
    public Builder afterActivation(IntFunction<Layer> layer) {
      this.afterActivation = layer;
      return this;
    }

    /** Where the trainer appends {@code metrics.csv} and {@code metrics.jsonl}. */
    public Builder outputDir(Path dir) {
      this.outputDir = dir;
      return this;
    }

    /** Where a checkpoint is saved after every epoch. */
    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    /** Continue from {@link #checkpoint} instead of starting afresh. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** Where progress goes, and whether it is a terminal (a redrawn progress line). */
    public Builder log(PrintStream log, boolean interactive) {
      this.log = log;
      this.interactive = interactive;
      return this;
    }

    public TrainingRun build() {
      if (epochs <= 0 || batchSize <= 0) {
        throw new IllegalArgumentException("epochs and batch size must be > 0");
      }
      return new TrainingRun(this);
    }
  }
}
