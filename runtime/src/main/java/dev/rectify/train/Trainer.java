package dev.rectify.train;

import dev.rectify.checkpoint.Checkpoint;
import dev.rectify.checkpoint.CheckpointException;
import dev.rectify.checkpoint.TrainingState;
import dev.rectify.data.Batch;
import dev.rectify.data.BatchIterator;
import dev.rectify.data.Dataset;
import dev.rectify.loss.Loss;
import dev.rectify.loss.SoftmaxCrossEntropy;
import dev.rectify.math.CounterRandom;
import dev.rectify.metrics.Accuracy;
import dev.rectify.metrics.ActivationSparsity;
import dev.rectify.metrics.DeadUnits;
import dev.rectify.metrics.GradientNorms;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Parameter;
import dev.rectify.nn.Sequential;
import dev.rectify.optim.LearningRateSchedule;
import dev.rectify.optim.Optimizer;
import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Trains a model: a plain loop of epochs of shuffled mini-batches, each step forward, loss,
 * backward, optimizer step; an evaluation pass after each epoch; metrics to files; checkpoints.
 *
 * <pre>{@code
 * DatasetSplit digits = Datasets.digits();
 * Layer model = ...;                                   // built, e.g. a Sequential MLP
 * Optimizer sgd = Sgd.builder(model.parameters()).learningRate(0.05).momentum(0.9).build();
 * Trainer trainer = Trainer.builder(model, sgd)
 *     .batchSize(32).epochs(20).seed(0)
 *     .watch("relu1", relu1::lastOutput)              // sparsity and dead units per epoch
 *     .outputDir(Path.of("runs/digits"))              // metrics.csv, metrics.jsonl
 *     .checkpoint(Path.of("runs/digits/checkpoint.bin"))
 *     .build();
 * List<EpochMetrics> history = trainer.fit(digits.train().flatten(), digits.test().flatten());
 * }</pre>
 *
 * <p><b>Determinism.</b> Everything random is a pure function of the seed: epoch e's batch order is
 * {@link BatchIterator#permutation(int, long, int) permutation(N, seed, e)}, and step s runs its
 * forward with {@code ForwardContext.training(CounterRandom.mix(seed, s))}. So the same seed gives
 * the same run, and a run resumed from a checkpoint ({@link #resume}) ends with exactly the weights
 * of an uninterrupted one. Checkpoints are written at the end of epochs.
 *
 * <p><b>Divergence.</b> A NaN or infinite loss (penalty included) or gradient stops training in the
 * step where it appears, before the optimizer applies it, with a {@link TrainingDivergedException}
 * that names the step.
 */
public final class Trainer {
  private final Layer model;
  private final Map<String, Parameter> parameters;
  private final Optimizer optimizer;
  private final Loss loss;
  private final int batchSize;
  private final int epochs;
  private final LearningRateSchedule schedule;
  private final DoubleSupplier penalty;
  private final Map<String, Supplier<Tensor>> watches;
  private final MetricsFiles metricsFiles;
  private final Path checkpoint;
  private final Map<String, String> description;
  private final Progress progress;
  private final double rollbackFactor;
  private final int maxRollbacks;

  private final PrintStream log;
  private final long seed;
  private long step;
  private int epoch;

  /** Multiplies the schedule's rate: 1 until a rollback lowers it. */
  private double rateScale = 1;

  private Trainer(Builder b) {
    this.model = b.model;
    this.parameters = namedParameters(b.model);
    this.optimizer = b.optimizer;
    this.loss = b.loss;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.schedule =
        b.schedule != null ? b.schedule : LearningRateSchedule.constant(b.optimizer.learningRate());
    this.penalty = b.penalty;
    this.watches = new LinkedHashMap<>(b.watches);
    this.metricsFiles = b.outputDir == null ? null : new MetricsFiles(b.outputDir);
    this.checkpoint = b.checkpoint;
    this.description = Map.copyOf(b.description);
    this.progress = new Progress(b.log, b.interactive);
    this.log = b.log;
    this.seed = b.seed;
    this.rollbackFactor = b.rollbackFactor;
    this.maxRollbacks = b.maxRollbacks;
  }

  /**
   * A builder for training {@code model} with {@code optimizer}. The model must be built (its
   * parameters exist) and the optimizer created over its {@link Layer#parameters()}.
   */
  public static Builder builder(Layer model, Optimizer optimizer) {
    return new Builder(model, optimizer);
  }

  /**
   * Trains from the current epoch up to the configured number of epochs, evaluating on {@code test}
   * (may be null) after each. Returns the metrics of the epochs run by this call.
   *
   * @throws TrainingDivergedException at the first non-finite loss or gradient
   * @throws IOException if metrics or a checkpoint cannot be written
   */
  public List<EpochMetrics> fit(Dataset train, Dataset test) throws IOException {
    List<EpochMetrics> history = new ArrayList<>();
    int rollbacks = 0;
    while (epoch < epochs) {
      EpochMetrics metrics;
      try {
        metrics = runEpoch(train, test);
      } catch (TrainingDivergedException diverged) {
        if (rollbacks >= maxRollbacks
            || checkpoint == null
            || !java.nio.file.Files.exists(checkpoint)) {
          throw diverged;
        }
        rollbacks++;
        rateScale *= rollbackFactor;
        resume(checkpoint);
        log.printf(
            "%s%nrolled back to %s (epoch %d, step %d); learning rate now x%s (rollback %d of %d)%n",
            diverged.getMessage(), checkpoint, epoch, step, rateScale, rollbacks, maxRollbacks);
        continue;
      }
      history.add(metrics);
      progress.endEpoch(metrics, epochs);
      if (metricsFiles != null) {
        metricsFiles.append(metrics);
      }
      if (checkpoint != null) {
        Checkpoint.save(checkpoint, parameters, optimizer, state(), description);
      }
    }
    return history;
  }

  /** One epoch: train on every batch of {@code train}, then evaluate on {@code test}. */
  private EpochMetrics runEpoch(Dataset train, Dataset test) {
    long start = System.nanoTime();
    BatchIterator batches = BatchIterator.shuffled(train, batchSize, seed, epoch);
    progress.startEpoch(epoch, epochs, batches.batchCount());
    Accuracy accuracy = new Accuracy();
    GradientNorms gradientNorms = new GradientNorms();
    double lossSum = 0;
    int done = 0;
    while (batches.hasNext()) {
      Batch batch = batches.next();
      lossSum += trainStep(batch, accuracy, gradientNorms) * batch.size();
      done++;
      progress.batch(
          done,
          lossSum / accuracy.count(),
          accuracy.value(),
          accuracy.count(),
          System.nanoTime() - start);
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    Evaluation evaluation = test == null ? null : evaluate(test);
    if (evaluation != null && !Double.isFinite(evaluation.loss())) {
      // huge but finite weights: every training loss was finite, the test loss is not, and a
      // checkpoint of them would diverge at the first step of a resumed run
      throw TrainingDivergedException.afterEpoch(
          step, epoch, "the test loss is " + evaluation.loss() + firstNonFiniteLayer());
    }
    epoch++;
    return new EpochMetrics(
        epoch,
        step,
        optimizer.learningRate(),
        lossSum / train.size(),
        accuracy.value(),
        evaluation,
        gradientNorms.mean(),
        (System.nanoTime() - start) / 1e9,
        train.size() / trainSeconds);
  }

  /** Forward, loss, backward, optimizer step; returns the batch's loss, penalty included. */
  private double trainStep(Batch batch, Accuracy accuracy, GradientNorms gradientNorms) {
    optimizer.setLearningRate(schedule.at(step, epoch) * rateScale);
    optimizer.zeroGrad();
    ForwardContext context = ForwardContext.training(CounterRandom.mix(seed, step));
    Tensor output = model.forward(batch.features(), context);
    double value = loss.forward(output, batch.labels()) + penalty.getAsDouble();
    if (!Double.isFinite(value)) {
      throw TrainingDivergedException.atStep(
          step, epoch, "loss is " + value + firstNonFiniteLayer());
    }
    accuracy.add(output, batch.labels());
    model.backwardParameters(loss.backward()); // the batch needs no gradient
    for (Map.Entry<String, Double> norm : gradientNorms.add(parameters).entrySet()) {
      if (!Double.isFinite(norm.getValue())) {
        throw TrainingDivergedException.atStep(
            step, epoch, "gradient norm of '" + norm.getKey() + "' is " + norm.getValue());
      }
    }
    optimizer.step();
    step++;
    return value;
  }

  /**
   * Where a non-finite loss came from: the first layer of a {@link Sequential} whose output holds a
   * NaN or an infinity, as {@code "; first non-finite output: layer 3 (relu)"}, or nothing.
   */
  private String firstNonFiniteLayer() {
    if (!(model instanceof Sequential sequential)) {
      return "";
    }
    List<Tensor> outputs = sequential.outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Tensor out = outputs.get(i);
      if (out == null) {
        continue;
      }
      for (float v : out.data()) {
        if (!Float.isFinite(v)) {
          return "; first non-finite output: layer "
              + i
              + " ("
              + sequential.layers().get(i).name()
              + ") has "
              + v;
        }
      }
    }
    return "";
  }

  /**
   * Runs {@code data} through the model in evaluation mode, in order, and measures loss, accuracy,
   * and sparsity and dead units of every watched layer.
   */
  public Evaluation evaluate(Dataset data) {
    Accuracy accuracy = new Accuracy();
    Map<String, ActivationSparsity> sparsity = new LinkedHashMap<>();
    Map<String, DeadUnits> dead = new LinkedHashMap<>();
    for (String name : watches.keySet()) {
      sparsity.put(name, new ActivationSparsity());
      dead.put(name, new DeadUnits());
    }
    double lossSum = 0;
    BatchIterator batches = BatchIterator.inOrder(data, batchSize);
    while (batches.hasNext()) {
      Batch batch = batches.next();
      Tensor output = model.forward(batch.features(), ForwardContext.EVAL);
      lossSum += loss.forward(output, batch.labels()) * batch.size();
      accuracy.add(output, batch.labels());
      for (Map.Entry<String, Supplier<Tensor>> watch : watches.entrySet()) {
        Tensor layerOutput = watch.getValue().get();
        sparsity.get(watch.getKey()).add(layerOutput);
        dead.get(watch.getKey()).add(layerOutput);
      }
    }
    Map<String, Double> sparsityValues = new LinkedHashMap<>();
    Map<String, Double> deadValues = new LinkedHashMap<>();
    sparsity.forEach((name, s) -> sparsityValues.put(name, s.value()));
    dead.forEach((name, d) -> deadValues.put(name, d.fraction()));
    return new Evaluation(lossSum / data.size(), accuracy.value(), sparsityValues, deadValues);
  }

  /**
   * Restores model, optimizer and position from {@code file}, so that {@link #fit} continues where
   * the saved run stopped.
   *
   * @throws IllegalStateException if the checkpoint was trained with another seed: continuing it
   *     with this one would silently give a run that matches neither
   * @throws CheckpointException if the checkpoint's run description differs from this trainer's for
   *     a key both have ({@link Builder#describe}), or the file is unusable
   */
  public TrainingState resume(Path file) throws IOException {
    // seed and description are checked before anything changes, in the load's one read
    TrainingState saved =
        Checkpoint.load(
            file,
            parameters,
            optimizer,
            stored -> {
              if (stored.state().seed() != seed) {
                throw new IllegalStateException(
                    file
                        + " was trained with seed "
                        + stored.state().seed()
                        + " but this trainer has seed "
                        + seed);
              }
              String conflict = Checkpoint.conflict(stored.description(), description);
              if (conflict != null) {
                throw new CheckpointException(file, conflict);
              }
            });
    step = saved.step();
    epoch = saved.epoch();
    return saved;
  }

  /**
   * The model's parameters under names that tell layers apart, for gradient norms per layer and
   * checkpoint messages: a {@link Sequential}'s {@code "0.weight"}; for other models the
   * parameters' own names, with the index appended to a name seen before ({@code "weight#2"}).
   */
  private static Map<String, Parameter> namedParameters(Layer model) {
    if (model instanceof Sequential sequential) {
      return sequential.namedParameters();
    }
    Map<String, Parameter> named = new LinkedHashMap<>();
    List<Parameter> all = model.parameters();
    for (int i = 0; i < all.size(); i++) {
      String name = all.get(i).name();
      named.put(named.containsKey(name) ? name + "#" + i : name, all.get(i));
    }
    return named;
  }

  /** The seed, the steps taken and the epochs completed. */
  public TrainingState state() {
    return new TrainingState(seed, step, epoch);
  }

  /** Settings of a {@link Trainer}; {@link #batchSize} and {@link #epochs} are required. */
  public static final class Builder {
    private final Layer model;
    private final Optimizer optimizer;
    private Loss loss = new SoftmaxCrossEntropy();
    private int batchSize;
    private int epochs;
    private long seed;
    private LearningRateSchedule schedule;
    private DoubleSupplier penalty = () -> 0;
    private final Map<String, Supplier<Tensor>> watches = new LinkedHashMap<>();
    private Path outputDir;
    private Path checkpoint;
    private Map<String, String> description = Map.of();
    private PrintStream log = System.out;
    private boolean interactive = System.console() != null;
    private double rollbackFactor = 1;
    private int maxRollbacks;

    private Builder(Layer model, Optimizer optimizer) {
      this.model = model;
      this.optimizer = optimizer;
    }

    /** The loss; softmax cross-entropy by default. */
    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The total number of epochs; a resumed run counts the epochs already done. */
    public Builder epochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** The seed of batch order and of every random draw in the model; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The learning rate per step; by default the optimizer's rate, constant. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * A term added to each training step's loss, read after the forward pass: for example the sum
     * of the L1 activity penalties of the activation layers ({@code () -> relu1.penalty() +
     * relu2.penalty()}). It is reported and checked for divergence; its gradient is the supplier's
     * business (activation layers add theirs in their own backward; a weight penalty may add into
     * {@code Parameter.grad()} here, since gradients are zeroed before the forward: call {@code
     * grad()} each time, do not keep its array from an earlier step, see {@code Parameter}).
     */
    public Builder penalty(DoubleSupplier penalty) {
      this.penalty = penalty;
      return this;
    }

    /**
     * Measures the activation sparsity and dead units of a layer on every evaluation pass; {@code
     * output} returns that layer's output of the latest forward (such as {@code
     * relu1::lastOutput}).
     */
    public Builder watch(String name, Supplier<Tensor> output) {
      watches.put(name, output);
      return this;
    }

    /**
     * Appends per-epoch metrics to {@code metrics.csv} and {@code metrics.jsonl} in {@code dir}.
     */
    public Builder outputDir(Path dir) {
      this.outputDir = dir;
      return this;
    }

    /** Saves a checkpoint to {@code file} at the end of every epoch. */
    public Builder checkpoint(Path file) {
      this.checkpoint = file;
      return this;
    }

    /**
     * What the run is, as text pairs ({@code activation = relu}, {@code model = mlp:128x2}): saved
     * with every checkpoint, and {@link Trainer#resume} refuses a checkpoint that says otherwise
     * for any of these keys.
     */
    public Builder describe(Map<String, String> description) {
      this.description = Map.copyOf(description);
      return this;
    }

    /**
     * Where progress goes (standard output by default), and whether it is a terminal that can
     * redraw a progress line (by default: whether the JVM has a console).
     */
    public Builder log(PrintStream log, boolean interactive) {
      this.log = log;
      this.interactive = interactive;
      return this;
    }

    /**
     * On divergence, instead of stopping: reload the last checkpoint (which is never written from a
     * diverged state), multiply the learning rate by {@code factor} and go on, at most {@code
     * maxRollbacks} times. Needs {@link #checkpoint}; before the first checkpoint exists a
     * divergence still stops training.
     */
    public Builder rollbackOnDivergence(double factor, int maxRollbacks) {
      if (!(factor > 0 && factor < 1) || maxRollbacks < 1) {
        throw new IllegalArgumentException(
            "rollback needs a factor in (0, 1) and at least one rollback, got "
                + factor
                + ", "
                + maxRollbacks);
      }
      this.rollbackFactor = factor;
      this.maxRollbacks = maxRollbacks;
      return this;
    }

    public Trainer build() {
      if (maxRollbacks > 0 && checkpoint == null) {
        throw new IllegalStateException("trainer: rollbackOnDivergence needs a checkpoint file");
      }
      if (batchSize == 0 || epochs == 0) {
        throw new IllegalStateException("trainer: set batchSize and epochs");
      }
      return new Trainer(this);
    }
  }
}
