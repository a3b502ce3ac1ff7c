package dev.rectify.optim;

import dev.rectify.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with L2 weight decay added to the gradient, exactly as PyTorch's {@code
 * torch.optim.Adam} (no AMSGrad). For decoupled decay use {@link AdamW}.
 *
 * <pre>
 * g = grad + weightDecay * p                (only for parameters with weightDecay())
 * m = m + (1 - β1) (g - m)                  (PyTorch's lerp form)
 * v = β2 v + (1 - β2) g²
 * p = p - lr / (1 - β1^t) * m / (sqrt(v) / sqrt(1 - β2^t) + ε)
 * </pre>
 *
 * <pre>{@code
 * Optimizer adam = Adam.builder(model.parameters()).learningRate(1e-3).build();
 * }</pre>
 */
public final class Adam extends ParameterOptimizer {
  private static final int FIRST_MOMENT = 0;
  private static final int SECOND_MOMENT = 1;
  private static final List<String> SLOTS = List.of("exp_avg", "exp_avg_sq");

  private final Moments moments;

  private Adam(Builder b) {
    super(b.parameters, b.learningRate, SLOTS);
    this.moments = b.moments();
  }

  /** A builder with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay. */
  public static Builder builder(List<Parameter> parameters) {
    return new Builder(parameters, 1e-3, 0);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  void update(Parameter p, int index, long step) {
    float decay = p.weightDecay() ? moments.weightDecay : 0f;
    moments.update(
        p, slot(FIRST_MOMENT, index), slot(SECOND_MOMENT, index), learningRate(), step, decay);
  }

  /** The moment update shared by {@link Adam} and {@link AdamW}; only decay differs. */
  record Moments(float beta1, float beta2, float eps, float weightDecay) {

    /** One Adam update of {@code p}, with {@code l2} added to the gradient (0 for AdamW). */
    void update(Parameter p, float[] m, float[] v, double lr, long step, float l2) {
      float[] w = p.value().data();
      float[] grad = p.grad().data();
      // Scalars in double, as PyTorch computes them in Python floats before the tensor ops.
      double correction1 = 1 - Math.pow(beta1, step);
      float stepSize = (float) (lr / correction1);
      float correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
      float oneMinusBeta1 = 1 - beta1;
      float oneMinusBeta2 = 1 - beta2;
      for (int i = 0; i < w.length; i++) {
        float g = grad[i] + l2 * w[i];
        m[i] = m[i] + oneMinusBeta1 * (g - m[i]);
        v[i] = beta2 * v[i] + oneMinusBeta2 * g * g;
        float denom = (float) Math.sqrt(v[i]) / correction2Sqrt + eps;
        w[i] -= stepSize * (m[i] / denom);
      }
    }
  }

  /** Hyperparameters for {@link Adam} and {@link AdamW}. */
  public static final class Builder {
    private final List<Parameter> parameters;
    private double learningRate;
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float eps = 1e-8f;
    private float weightDecay;

    Builder(List<Parameter> parameters, double learningRate, float weightDecay) {
      this.parameters = List.copyOf(parameters);
      this.learningRate = learningRate;
      this.weightDecay = weightDecay;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** The decay rates of the first and second moment estimates, each in [0, 1). */
    public Builder betas(double beta1, double beta2) {
      if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      this.beta1 = (float) beta1;
      this.beta2 = (float) beta2;
      return this;
    }

    /** The term added to the denominator for numerical stability. */
    public Builder eps(double eps) {
      this.eps = checkedNonNegative("eps", eps);
      return this;
    }

    /** L2 decay for {@link Adam}, decoupled decay for {@link AdamW}. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = checkedNonNegative("weight decay", weightDecay);
      return this;
    }

    public Adam build() {
      return new Adam(this);
    }

    /** The decoupled-decay variant with these settings, for {@link AdamW.Builder}. */
    AdamW buildAdamW() {
      return new AdamW(parameters, learningRate, moments());
    }

    Moments moments() {
      return new Moments(beta1, beta2, eps, weightDecay);
    }
  }
}
