package dev.rectify.loss;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;

/**
 * The mean of squared differences over all elements: PyTorch's {@code nn.MSELoss()}.
 *
 * <pre>{@code
 * MeanSquaredError mse = new MeanSquaredError();
 * double l = mse.forward(output, target);  // mean over N * C elements of (output - target)^2
 * double c = mse.forward(output, labels);  // as a classification loss, against one-hot targets
 * Tensor dOutput = mse.backward();         // 2 (output - target) / (N * C)
 * }</pre>
 *
 * <p>As a {@link Loss} over integer labels the target is the one-hot vector of the label, the
 * squared-error classifier of the early back-propagation literature.
 */
public final class MeanSquaredError implements Loss {
  private Tensor grad;

  @Override
  public String name() {
    return "mean-squared-error";
  }

  /** The mean squared error of {@code output} against one-hot {@code labels}. */
  @Override
  public double forward(Tensor output, int[] labels) {
    Losses.checkBatch(name(), output, labels);
    int c = output.dim(1);
    float[] y = output.data();
    grad = Losses.reuse(grad, output.shape());
    float[] g = grad.data();
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      float target = labels[i / c] == i % c ? 1f : 0f;
      double d = y[i] - target;
      total += d * d;
      g[i] = (float) (2 * d / y.length);
    }
    return y.length == 0 ? 0 : total / y.length;
  }

  /** The mean squared error of {@code output} against a target of the same shape. */
  public double forward(Tensor output, Tensor target) {
    if (!output.hasShape(target.shape())) {
      throw new IllegalArgumentException(
          name()
              + ": output "
              + Arrays.toString(output.shape())
              + " and target "
              + Arrays.toString(target.shape())
              + " differ in shape");
    }
    float[] y = output.data();
    float[] t = target.data();
    grad = Losses.reuse(grad, output.shape());
    float[] g = grad.data();
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - t[i];
      total += d * d;
      g[i] = (float) (2 * d / y.length);
    }
    return y.length == 0 ? 0 : total / y.length;
  }

  @Override
  public Tensor backward() {
    if (grad == null) {
      throw new IllegalStateException(name() + ": backward before forward");
    }
    return grad;
  }
}
