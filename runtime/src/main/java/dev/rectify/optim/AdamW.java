package dev.rectify.optim;

import dev.rectify.nn.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), exactly as PyTorch's {@code
 * torch.optim.AdamW}: the decay shrinks the weights directly, {@code p = p * (1 - lr *
 * weightDecay)}, and never enters the moment estimates; then the plain {@link Adam} update runs.
 *
 * <pre>{@code
 * Optimizer adamw = AdamW.builder(model.parameters()).learningRate(1e-3).weightDecay(0.05).build();
 * }</pre>
 */
public final class AdamW extends ParameterOptimizer {
  private static final int FIRST_MOMENT = 0;
  private static final int SECOND_MOMENT = 1;

  private final Adam.Moments moments;

  AdamW(List<Parameter> parameters, double learningRate, Adam.Moments moments) {
    super(parameters, learningRate, List.of("exp_avg", "exp_avg_sq"));
    this.moments = moments;
  }

  /** A builder with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, decay 0.01. */
  public static Builder builder(List<Parameter> parameters) {
    return new Builder(new Adam.Builder(parameters, 1e-3, 0.01f));
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  void update(Parameter p, int index, long step) {
    if (p.weightDecay() && moments.weightDecay() != 0) {
      float shrink = (float) (1 - learningRate() * moments.weightDecay());
      float[] w = p.value().data();
      for (int i = 0; i < w.length; i++) {
        w[i] *= shrink;
      }
    }
    moments.update(
        p, slot(FIRST_MOMENT, index), slot(SECOND_MOMENT, index), learningRate(), step, 0f);
  }

  /** Hyperparameters for {@link AdamW}; the same knobs as {@link Adam.Builder}. */
  public static final class Builder {
    private final Adam.Builder settings;

    private Builder(Adam.Builder settings) {
      this.settings = settings;
    }

    public Builder learningRate(double learningRate) {
      settings.learningRate(learningRate);
      return this;
    }

    public Builder betas(double beta1, double beta2) {
      settings.betas(beta1, beta2);
      return this;
    }

    public Builder eps(double eps) {
      settings.eps(eps);
      return this;
    }

    /** The decoupled decay coefficient, applied as {@code p *= 1 - lr * weightDecay}. */
    public Builder weightDecay(double weightDecay) {
      settings.weightDecay(weightDecay);
      return this;
    }

    public AdamW build() {
      return settings.buildAdamW();
    }
  }
}
