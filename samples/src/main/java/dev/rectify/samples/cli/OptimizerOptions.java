package dev.rectify.samples.cli;

import dev.rectify.samples.run.OptimizerSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The optimiser and schedule flags every training command shares. */
final class OptimizerOptions {
  /** The command these options are mixed into, to see which flags were given. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

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

  /**
   * The optimiser the flags describe; a usage error (exit 2) for any value out of range, so that
   * commands call it before loading data.
   */
  OptimizerSpec spec() {
    if (optimizer.equalsIgnoreCase("adam") && command != null) {
      // Adam has no momentum term: the flags would be accepted and silently do nothing.
      for (String sgdOnly : new String[] {"--momentum", "--nesterov"}) {
        if (command.commandLine().getParseResult().hasMatchedOption(sgdOnly)) {
          throw new RectifyCli.UsageException(sgdOnly + " applies to --optimizer sgd only");
        }
      }
    }
    try {
      return new OptimizerSpec(
          optimizer, learningRate, momentum, nesterov, weightDecay, schedule, warmupSteps);
    } catch (IllegalArgumentException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
  }
}
