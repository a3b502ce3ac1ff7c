package dev.rectify.train;

/**
 * The loss or a gradient became NaN or infinite. Training stops in the step where it happens,
 * before the optimizer applies it, so the parameters still hold the last finite step's values and
 * no checkpoint is written from the diverged state. The same when the training loss stayed finite
 * but the parameters after an epoch give a non-finite test loss: that epoch's checkpoint is not
 * written.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int epoch;

  private TrainingDivergedException(long step, int epoch, String message) {
    super(message);
    this.step = step;
    this.epoch = epoch;
  }

  /** The loss or a gradient of step {@code step} (0-based), in {@code epoch}, is {@code what}. */
  static TrainingDivergedException atStep(long step, int epoch, String what) {
    return new TrainingDivergedException(
        step,
        epoch,
        "training diverged at step "
            + step
            + " (epoch "
            + (epoch + 1)
            + "): "
            + what
            + "; the parameters hold the values from before this step (try a lower learning rate)");
  }

  /**
   * The test loss after epoch {@code epoch} (0-based), whose last step was {@code step} - 1, is not
   * finite: {@code what} says what it is.
   */
  static TrainingDivergedException afterEpoch(long step, int epoch, String what) {
    return new TrainingDivergedException(
        step,
        epoch,
        "training diverged in epoch "
            + (epoch + 1)
            + ": "
            + what
            + " after its last step; its checkpoint is not written (try a lower learning rate)");
  }

  /** The global step (0-based) whose loss or gradient was not finite. */
  public long step() {
    return step;
  }

  /** The epoch (0-based) of that step. */
  public int epoch() {
    return epoch;
  }
}
