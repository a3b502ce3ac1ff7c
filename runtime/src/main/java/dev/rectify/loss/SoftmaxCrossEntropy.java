package dev.rectify.loss;

import dev.rectify.tensor.Tensor;

/**
 * Softmax followed by the negative log-likelihood of the true class, on raw logits: PyTorch's
 * {@code nn.CrossEntropyLoss()} with mean reduction.
 *
 * <pre>{@code
 * SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
 * double l = loss.forward(logits, labels);   // logits [N, C], labels in [0, C)
 * Tensor dLogits = loss.backward();          // (softmax(logits) - onehot(labels)) / N
 * }</pre>
 *
 * <p>Per sample, {@code loss = logsumexp(z) - z[label]}. The log-sum-exp is taken around the row's
 * maximum m, {@code m + log(sum exp(z - m))}, so no exponent is positive and nothing overflows;
 * sums run in double so that a loss near 0 keeps its digits.
 */
public final class SoftmaxCrossEntropy implements Loss {
  private Tensor grad;

  @Override
  public String name() {
    return "softmax-cross-entropy";
  }

  @Override
  public double forward(Tensor logits, int[] labels) {
    Losses.checkBatch(name(), logits, labels);
    int n = logits.dim(0);
    int c = logits.dim(1);
    grad = Losses.reuse(grad, logits.shape());
    float[] z = logits.data();
    float[] g = grad.data();
    double total = 0;
    for (int i = 0; i < n; i++) {
      int row = i * c;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, z[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(z[row + j] - max);
      }
      double logSumExp = max + Math.log(sum);
      total += logSumExp - z[row + labels[i]];
      // d/dz_j = (softmax_j - [j == label]) / N: the mean reduction divides here, once.
      for (int j = 0; j < c; j++) {
        g[row + j] = (float) (Math.exp(z[row + j] - logSumExp) / n);
      }
      g[row + labels[i]] -= 1f / n;
    }
    return n == 0 ? 0 : total / n;
  }

  @Override
  public Tensor backward() {
    if (grad == null) {
      throw new IllegalStateException(name() + ": backward before forward");
    }
    return grad;
  }
}
