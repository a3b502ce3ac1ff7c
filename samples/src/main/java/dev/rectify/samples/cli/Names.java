package dev.rectify.samples.cli;

import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.Activations;
import dev.rectify.samples.run.TrainingRun;

/** Name lookups that turn an unknown name into a usage error listing the closest ones. */
final class Names {
  private Names() {}

  static ActivationFunction activation(String name) {
    try {
      return Activations.byName(name);
    } catch (IllegalArgumentException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
  }

  /** A registered one-input activation; gated ones do not fit the samples' models. */
  static void unary(String name) {
    activation(name);
    try {
      TrainingRun.checkActivation(name);
    } catch (IllegalArgumentException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
  }
}
