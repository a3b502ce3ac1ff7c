package dev.rectify.train;

/**
 * The loss or a gradient became NaN or infinite. Training stops in the step where it happens,
 * before the optimizer applies it, so the parameters still hold the last finite step's values and
 * no checkpoint is written from the diverged state.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int epoch;

  TrainingDivergedException(long step, int epoch, String what) {
    super(
        "training diverged at step "
            + step
            + " (epoch "
            + (epoch + 1)
            + "): "
            + what
            + "; the parameters hold the values from before this step (try a lower learning rate)");
    this.step = step;
    this.epoch = epoch;
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
