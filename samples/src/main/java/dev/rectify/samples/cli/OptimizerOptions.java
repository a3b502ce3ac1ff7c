package dev.rectify.samples.cli;

import dev.rectify.samples.run.OptimizerSpec;
import picocli.CommandLine.Option;

/** The optimiser and schedule flags every training command shares. */
final class OptimizerOptions {
  @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd or adam; default: sgd")
  String optimizer = "sgd";

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "learning rate; default: ${DEFAULT-VALUE}")
  double learningRate;

  @Option(
      names = "--momentum",
      paramLabel = "MU",
      description = "SGD momentum (0: plain SGD); default: ${DEFAULT-VALUE}")
  double momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum")
  boolean nesterov;

  @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 weight decay; default: 0")
  double weightDecay;

  @Option(
      names = "--schedule",
      paramLabel = "S",
      description = "constant, cosine or step:EPOCHS:GAMMA; default: constant")
  String schedule = "constant";

  @Option(
      names = "--warmup",
      paramLabel = "STEPS",
      description = "linear warm-up steps; default: 0")
  int warmupSteps;

  OptimizerOptions(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  OptimizerSpec spec() {
    try {
      return new OptimizerSpec(
          optimizer, learningRate, momentum, nesterov, weightDecay, schedule, warmupSteps);
    } catch (IllegalArgumentException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
  }
}
