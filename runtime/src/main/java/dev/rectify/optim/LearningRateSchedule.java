package dev.rectify.optim;

/**
 * The learning rate as a function of the global step (0-based, counting every optimizer step since
 * training began) and the epoch (0-based). The trainer asks for it before every step, so a schedule
 * is a pure function and resuming from a checkpoint needs nothing but the step.
 *
 * <pre>{@code
 * // 500 warm-up steps, then cosine from 0.1 down to 0 over 20 epochs of 469 steps
 * LearningRateSchedule lr = LearningRateSchedule.cosine(0.1, 0, 20 * 469).withLinearWarmup(500);
 * LearningRateSchedule steps = LearningRateSchedule.stepDecay(0.1, 0.1, 30); // x0.1 per 30
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate for global step {@code step}, which falls in epoch {@code epoch}. */
  double at(long step, int epoch);

  /** The same rate throughout. */
  static LearningRateSchedule constant(double rate) {
    return (step, epoch) -> rate;
  }

  /**
   * PyTorch's {@code StepLR}: {@code rate * gamma^(epoch / everyEpochs)}, the rate multiplied by
   * {@code gamma} every {@code everyEpochs} epochs.
   */
  static LearningRateSchedule stepDecay(double rate, double gamma, int everyEpochs) {
    if (everyEpochs <= 0) {
      throw new IllegalArgumentException("everyEpochs must be > 0, got " + everyEpochs);
    }
    return (step, epoch) -> rate * Math.pow(gamma, epoch / everyEpochs);
  }

  /**
   * Cosine annealing per step (PyTorch's {@code CosineAnnealingLR} with {@code T_max = totalSteps},
   * closed form): {@code min + (rate - min) (1 + cos(π t / T)) / 2}, held at {@code min} after
   * {@code totalSteps}.
   */
  static LearningRateSchedule cosine(double rate, double min, long totalSteps) {
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("totalSteps must be > 0, got " + totalSteps);
    }
    return (step, epoch) -> {
      double t = Math.min(step, totalSteps);
      return min + (rate - min) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
    };
  }

  /**
   * This schedule scaled by a linear ramp over the first {@code warmupSteps} steps: step {@code s <
   * warmupSteps} gets {@code (s + 1) / warmupSteps} of this schedule's rate, so the first step is
   * small but not zero and step {@code warmupSteps - 1} already gets the full rate.
   */
  default LearningRateSchedule withLinearWarmup(long warmupSteps) {
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    return (step, epoch) -> {
      double rate = at(step, epoch);
      return step < warmupSteps ? rate * (step + 1) / warmupSteps : rate;
    };
  }
}
