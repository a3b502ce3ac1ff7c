package dev.rectify.optim;

import dev.rectify.gemm.GemmPool;
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
 * close to it. Large parameters are updated in slices on the {@link GemmPool#common() GEMM
 * threads}; each value's update is independent of the others, so results do not depend on the
 * thread count.
 */
public final class Sgd extends ParameterOptimizer {
  private static final int MOMENTUM = 0;

  /**
   * Parameters smaller than this are updated on the calling thread: waking the other threads costs
   * some microseconds, about the time one core takes for this many values.
   */
  private static final int MIN_PARALLEL_VALUES = 1 << 15;

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
    // The update streams three arrays through memory once: at 2.8 million weights (an MLP on
    // MNIST) it takes a twentieth of a training step on one core, and more cores read memory
    // faster, so it is split like the GEMMs are.
    GemmPool pool = GemmPool.common();
    int parts = w.length < MIN_PARALLEL_VALUES ? 1 : pool.threads();
    pool.parallelForRanges(w.length, parts, (from, to) -> update(w, grad, b, decay, lr, from, to));
  }

  /** Updates values [from, to) of one parameter; {@code b} is null without momentum. */
  private void update(float[] w, float[] grad, float[] b, float decay, float lr, int from, int to) {
    for (int i = from; i < to; i++) {
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
