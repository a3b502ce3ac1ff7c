package dev.rectify.metrics;

import dev.rectify.tensor.Tensor;

/**
 * The fraction of samples whose highest score is the true class, accumulated over batches.
 *
 * <pre>{@code
 * Accuracy accuracy = new Accuracy();
 * for (...) accuracy.add(model.forward(batch.features(), ForwardContext.EVAL), batch.labels());
 * double top1 = accuracy.value();
 * }</pre>
 *
 * <p>Ties go to the lowest class index, as {@code torch.argmax} does; a NaN score never wins.
 */
public final class Accuracy {
  private long correct;
  private long count;

  /** Adds a batch of scores {@code [N, C]} (logits or probabilities) and its labels. */
  public void add(Tensor scores, int[] labels) {
    if (scores.rank() != 2 || scores.dim(0) != labels.length) {
      throw new IllegalArgumentException(
          "accuracy: scores " + scores + " do not match " + labels.length + " labels");
    }
    int c = scores.dim(1);
    for (int i = 0; i < labels.length; i++) {
      if (argmax(scores.data(), i * c, c) == labels[i]) {
        correct++;
      }
    }
    count += labels.length;
  }

  /** The index, relative to {@code offset}, of the largest of {@code n} values. */
  public static int argmax(float[] values, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  public long correct() {
    return correct;
  }

  public long count() {
    return count;
  }

  /** correct / count, or NaN before any sample. */
  public double value() {
    return count == 0 ? Double.NaN : (double) correct / count;
  }
}
