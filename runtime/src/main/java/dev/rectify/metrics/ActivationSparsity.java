package dev.rectify.metrics;

import dev.rectify.tensor.Tensor;

/**
 * The fraction of a layer's outputs that are exactly zero over an evaluation pass: the sparsity
 * Glorot, Bordes and Bengio (2011) report for rectifier networks (83.4 % on MNIST).
 *
 * <pre>{@code
 * ActivationSparsity sparsity = new ActivationSparsity();
 * for (...) { model.forward(x, ForwardContext.EVAL); sparsity.add(relu1.lastOutput()); }
 * double fractionOfZeros = sparsity.value();
 * }</pre>
 *
 * <p>Exact zeros only: -0.0 counts, 1e-30 does not. A leaky unit is never sparse in this sense.
 */
public final class ActivationSparsity {
  private long zeros;
  private long total;

  /** Adds one batch of a layer's output, any shape. */
  public void add(Tensor output) {
    for (float v : output.data()) {
      if (v == 0f) {
        zeros++;
      }
    }
    total += output.size();
  }

  public long zeros() {
    return zeros;
  }

  public long total() {
    return total;
  }

  /** zeros / total, or NaN before any output. */
  public double value() {
    return total == 0 ? Double.NaN : (double) zeros / total;
  }
}
