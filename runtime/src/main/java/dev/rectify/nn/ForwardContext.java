package dev.rectify.nn;

/**
 * What a forward pass needs besides its input: whether it is training (dropout, random slopes and
 * noise are on, batch norm uses batch statistics) and the key from which this pass's random draws
 * are derived.
 *
 * <p>Random draws are a pure function of (key, element index) (see {@link
 * dev.rectify.math.CounterRandom}), so a backward pass re-creates them, the thread count does not
 * change them, and a checkpoint only needs the trainer's seed and step to resume bit for bit.
 */
public record ForwardContext(boolean training, long noiseKey) {

  /** Evaluation mode: deterministic, no draws. */
  public static final ForwardContext EVAL = new ForwardContext(false, 0L);

  /** Training mode for one step, with the key for its random draws. */
  public static ForwardContext training(long noiseKey) {
    return new ForwardContext(true, noiseKey);
  }

  /** The context for the layer at {@code index} of a model: its own independent draws. */
  public ForwardContext forLayer(int index) {
    return new ForwardContext(training, dev.rectify.math.CounterRandom.mix(noiseKey, index));
  }
}
