package dev.rectify.data;

import dev.rectify.tensor.Tensor;

/**
 * One mini-batch: {@code features} {@code [B, ...]}, their {@code labels}, and the {@code indices}
 * of the samples in the dataset. Owned by the {@link BatchIterator} that produced it and valid
 * until its next {@code next()}.
 */
public record Batch(Tensor features, int[] labels, int[] indices) {

  /** The number of samples B. */
  public int size() {
    return labels.length;
  }
}
