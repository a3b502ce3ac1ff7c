package dev.rectify.optim;

import dev.rectify.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, exactly as
 * PyTorch's {@code torch.optim.SGD} (with {@code dampening=0}):
 *
 * <pre>
 * g = grad + weightDecay * p          (only for parameters with weightDecay())
 * b = momentum * b + g                (b starts at 0, so the first step has b = g)
 * g = nesterov ? g + momentum * b : b (when momentum != 0)
 * p = p - lr * g
 * </pre>
 *
 * <pre>{@code
 * Optimizer sgd = Sgd.builder(model.parameters())
 *     .learningRate(0.05).momentum(0.9).nesterov(true).weightDecay(5e-4)
 *     .build();
 * }</pre>
 *
 * <p>Arithmetic is float32 in PyTorch's order, so a step reproduces PyTorch's to the last bit or
 * close to it.
 */
public final class Sgd extends ParameterOptimizer {
  private static final int MOMENTUM = 0;

  private final float momentum;
  private final boolean nesterov;
  private final float weightDecay;

  private Sgd(Builder b) {
    super(b.parameters, b.learningRate, b.momentum == 0 ? List.of() : List.of("momentum"));
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
    this.weightDecay = b.weightDecay;
  }

  /** A builder over {@code parameters} (buffers among them are skipped). */
  public static Builder builder(List<Parameter> parameters) {
    return new Builder(parameters);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  void update(Parameter p, int index, long step) {
    float[] w = p.value().data();
    float[] grad = p.grad().data();
    float[] b = momentum == 0 ? null : slot(MOMENTUM, index);
    float decay = p.weightDecay() ? weightDecay : 0f;
    float lr = (float) learningRate();
    for (int i = 0; i < w.length; i++) {
      float g = grad[i] + decay * w[i];
      if (b != null) {
        b[i] = momentum * b[i] + g;
        g = nesterov ? g + momentum * b[i] : b[i];
      }
      w[i] -= lr * g;
    }
  }

  /** Hyperparameters with PyTorch's defaults, except the learning rate, which is required. */
  public static final class Builder {
    private final List<Parameter> parameters;
    private double learningRate = Double.NaN;
    private float momentum;
    private boolean nesterov;
    private float weightDecay;

    private Builder(List<Parameter> parameters) {
      this.parameters = List.copyOf(parameters);
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** The momentum factor μ; 0 (the default) means plain SGD. */
    public Builder momentum(double momentum) {
      this.momentum = checkedNonNegative("momentum", momentum);
      return this;
    }

    /** Nesterov momentum (Sutskever et al. 2013, PyTorch's form); needs momentum > 0. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** The L2 coefficient added to the gradient of parameters with weightDecay(); default 0. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = checkedNonNegative("weight decay", weightDecay);
      return this;
    }

    public Sgd build() {
      if (Double.isNaN(learningRate)) {
        throw new IllegalStateException("sgd: set a learning rate");
      }
      if (nesterov && momentum == 0) {
        throw new IllegalStateException("sgd: Nesterov momentum needs momentum > 0");
      }
      return new Sgd(this);
    }
  }
}
