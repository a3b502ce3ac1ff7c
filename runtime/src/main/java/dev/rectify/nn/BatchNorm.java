package dev.rectify.nn;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) over the channel dimension: per feature of {@code
 * [N, F]} batches (PyTorch's BatchNorm1d) or per channel of {@code [N, C, H, W]} (BatchNorm2d),
 * chosen by the sample shape given to {@link #build}.
 *
 * <p>Training normalises with the batch's mean and biased variance and updates the running
 * statistics as PyTorch does: {@code running = (1 − momentum) · running + momentum · batch}, with
 * the unbiased variance. Evaluation normalises with the running statistics. The scale gamma and
 * shift beta are not weight-decayed. Parameters, in order: {@code weight} (gamma), {@code bias}
 * (beta), then the buffers {@code running_mean} and {@code running_var}.
 *
 * <pre>{@code
 * BatchNorm bn = new BatchNorm(32);            // momentum 0.1, eps 1e-5
 * bn.build(new int[] {32, 14, 14});
 * Tensor y = bn.forward(x, ForwardContext.training(key));
 * }</pre>
 */
public final class BatchNorm implements Layer {
  private final int features;
  private final double momentum;
  private final double eps;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;

  private final float[] invStd; // of the last forward: batch or running, per channel
  private int inner = -1; // positions per channel and sample: 1 for [N, F], H·W for [N, C, H, W]
  private boolean trainedForward;
  private Tensor normalized; // x̂ of the last forward
  private Tensor output;
  private Tensor gradInput;

  /** PyTorch's defaults: momentum 0.1, eps 1e-5. */
  public BatchNorm(int features) {
    this(features, 0.1, 1e-5);
  }

  public BatchNorm(int features, double momentum, double eps) {
    if (features <= 0 || !(momentum >= 0 && momentum <= 1) || !(eps > 0)) {
      throw new IllegalArgumentException(
          "batchnorm needs features > 0, momentum in [0, 1] and eps > 0: "
              + features
              + ", "
              + momentum
              + ", "
              + eps);
    }
    this.features = features;
    this.momentum = momentum;
    this.eps = eps;
    gamma = Parameter.trainable("weight", Tensor.zeros(features).fill(1f), false);
    beta = Parameter.trainable("bias", Tensor.zeros(features), false);
    runningMean = Parameter.buffer("running_mean", Tensor.zeros(features));
    runningVar = Parameter.buffer("running_var", Tensor.zeros(features).fill(1f));
    invStd = new float[features];
  }

  @Override
  public String name() {
    return "batchnorm";
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length == 0 || sampleShape[0] != features) {
      throw new IllegalArgumentException(
          "batchnorm("
              + features
              + ") needs samples ["
              + features
              + ", ...], got "
              + Arrays.toString(sampleShape));
    }
    inner = (int) Tensor.sizeOf(Arrays.copyOfRange(sampleShape, 1, sampleShape.length));
    return sampleShape.clone();
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta, runningMean, runningVar);
  }

  // x̂ = (x − μ) / √(σ² + ε), y = γ x̂ + β; μ, σ² of the batch (training) or running (evaluation)
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    if (inner < 0) {
      throw new IllegalStateException("batchnorm: build(sampleShape) was not called");
    }
    int n = x.dim(0);
    if (x.size() != n * features * inner) {
      throw new IllegalArgumentException("batchnorm(" + features + ") got input " + x);
    }
    int count = n * inner;
    trainedForward = context.training();
    if (trainedForward && count < 2) {
      throw new IllegalArgumentException(
          "batchnorm needs more than one value per channel in training, got " + x);
    }
    normalized = Buffers.reuse(normalized, x.shape());
    output = Buffers.reuse(output, x.shape());
    float[] in = x.data();
    float[] xh = normalized.data();
    float[] y = output.data();
    float[] rm = runningMean.value().data();
    float[] rv = runningVar.value().data();
    for (int c = 0; c < features; c++) {
      double mean;
      double var;
      if (trainedForward) {
        double sum = 0;
        for (int s = 0; s < n; s++) {
          int off = (s * features + c) * inner;
          for (int i = off; i < off + inner; i++) {
            sum += in[i];
          }
        }
        mean = sum / count;
        double sq = 0; // two passes: the one-pass formula cancels badly for large means
        for (int s = 0; s < n; s++) {
          int off = (s * features + c) * inner;
          for (int i = off; i < off + inner; i++) {
            double d = in[i] - mean;
            sq += d * d;
          }
        }
        var = sq / count;
        rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mean);
        rv[c] = (float) ((1 - momentum) * rv[c] + momentum * var * count / (count - 1));
      } else {
        mean = rm[c];
        var = rv[c];
      }
      float m = (float) mean;
      float inv = (float) (1 / Math.sqrt(var + eps));
      invStd[c] = inv;
      float g = gamma.value().data()[c];
      float b = beta.value().data()[c];
      for (int s = 0; s < n; s++) {
        int off = (s * features + c) * inner;
        for (int i = off; i < off + inner; i++) {
          xh[i] = (in[i] - m) * inv;
          y[i] = g * xh[i] + b;
        }
      }
    }
    return output;
  }

  // dγ += Σ dy·x̂, dβ += Σ dy; train: dx = γ/(M·σ) (M·dy − Σdy − x̂·Σ dy·x̂); eval: dx = γ dy / σ
  @Override
  public Tensor backward(Tensor gradOutput) {
    int n = gradOutput.dim(0);
    int count = n * inner;
    gradInput = Buffers.reuse(gradInput, gradOutput.shape());
    float[] dy = gradOutput.data();
    float[] xh = normalized.data();
    float[] dx = gradInput.data();
    for (int c = 0; c < features; c++) {
      double sumDy = 0;
      double sumDyXh = 0;
      for (int s = 0; s < n; s++) {
        int off = (s * features + c) * inner;
        for (int i = off; i < off + inner; i++) {
          sumDy += dy[i];
          sumDyXh += (double) dy[i] * xh[i];
        }
      }
      gamma.grad().data()[c] += (float) sumDyXh;
      beta.grad().data()[c] += (float) sumDy;
      float g = gamma.value().data()[c];
      float scale = g * invStd[c];
      if (trainedForward) {
        float meanDy = (float) (sumDy / count);
        float meanDyXh = (float) (sumDyXh / count);
        for (int s = 0; s < n; s++) {
          int off = (s * features + c) * inner;
          for (int i = off; i < off + inner; i++) {
            dx[i] = scale * (dy[i] - meanDy - xh[i] * meanDyXh);
          }
        }
      } else {
        for (int s = 0; s < n; s++) {
          int off = (s * features + c) * inner;
          for (int i = off; i < off + inner; i++) {
            dx[i] = scale * dy[i];
          }
        }
      }
    }
    return gradInput;
  }

  @Override
  public String toString() {
    return "BatchNorm(" + features + ")";
  }
}
