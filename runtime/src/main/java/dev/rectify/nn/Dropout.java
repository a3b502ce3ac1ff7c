package dev.rectify.nn;

import dev.rectify.math.CounterRandom;
import dev.rectify.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 − p), so evaluation is the identity. The mask is a pure function of the forward
 * context's noise key and the element's index ({@link CounterRandom}): backward re-creates it
 * instead of storing it, and the same key gives the same mask on any thread count or resume.
 *
 * <pre>{@code
 * Dropout dropout = new Dropout(0.5);
 * Tensor y = dropout.forward(x, ForwardContext.training(stepKey));
 * }</pre>
 */
public final class Dropout implements Layer {
  private final double p;
  private final float scale;

  private boolean masked;
  private long key;
  private Tensor output;
  private Tensor gradInput;

  /** Drops each element with probability {@code p}, in [0, 1). */
  public Dropout(double p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    this.p = p;
    this.scale = (float) (1 / (1 - p));
  }

  @Override
  public String name() {
    return "dropout";
  }

  /** The drop probability. */
  public double probability() {
    return p;
  }

  // y = x ⊙ m / (1 − p), m_i = [u(key, i) ≥ p]
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    masked = context.training() && p > 0;
    if (!masked) {
      return x;
    }
    key = context.noiseKey();
    output = Buffers.reuse(output, x.shape());
    apply(x.data(), output.data());
    return output;
  }

  // dX = dY ⊙ m / (1 − p), with m re-created from the same key
  @Override
  public Tensor backward(Tensor gradOutput) {
    if (!masked) {
      return gradOutput;
    }
    gradInput = Buffers.reuse(gradInput, gradOutput.shape());
    apply(gradOutput.data(), gradInput.data());
    return gradInput;
  }

  private void apply(float[] src, float[] dst) {
    for (int i = 0; i < src.length; i++) {
      dst[i] = CounterRandom.uniform(key, i) >= p ? src[i] * scale : 0f;
    }
  }

  @Override
  public String toString() {
    return "Dropout(" + p + ")";
  }
}
