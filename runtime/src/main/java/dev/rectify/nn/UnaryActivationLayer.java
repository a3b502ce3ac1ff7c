package dev.rectify.nn;

import dev.rectify.kernel.Bf16;
import dev.rectify.kernel.UnaryKernel;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;

/**
 * The base class of every generated one-input activation layer. It owns the bookkeeping (buffers,
 * the row view, the backward mask, the L1 activity penalty); the generated subclass supplies only
 * the arithmetic, as straight-line loops over float arrays.
 *
 * <p>The batch is seen as rows: a sample of {@code [N, F]}, or one channel of one sample of {@code
 * [N, C, ...]} (see {@link FusedEpilogue}). Element {@code e} of the batch belongs to channel
 * {@link #channelOf(int) channelOf(e)}. A mask keeps one bit per element and starts every row on a
 * fresh 64-bit word, so that threads working on different rows never write the same word.
 *
 * <p>Kernels: the generated subclass's loops are the scalar kernels. When the processor also
 * generated a Vector API kernel and {@code jdk.incubator.vector} is enabled, the subclass hands it
 * to {@link #vectorKernel(UnaryKernel)} and this class runs it instead, for every forward and
 * backward except the training forward of random activations; {@link #scalarKernels()} switches
 * back.
 */
public abstract class UnaryActivationLayer implements Activation, Layer, FusedEpilogue {
  private int channels = 1;
  private int inner = 1;

  private float activityL1;
  private double lastPenalty;

  private Tensor z; // pre-activations overwritten in place (fused), or the input (standalone)
  private Tensor output; // the standalone output buffer, reused while the shape stays
  private Tensor y; // the output of the last forward
  private float[] savedInput; // fused INPUT storage: a copy of z taken before it is overwritten
  private Tensor saved; // what backward reads for OUTPUT and INPUT storage
  private long[] mask = new long[0];
  private short[] factors = new short[0]; // BF16_FACTOR storage: the backward factor, per element
  private float[] floatFactors = new float[0]; // FACTOR storage: the same in float
  private UnaryKernel vector; // null: the subclass's scalar loops
  private int rows;
  private int cols;
  private int wordsPerRow;
  private ForwardContext context = ForwardContext.EVAL;
  private Tensor gradInput;

  /**
   * y = f(x) for {@code n} elements in evaluation mode; {@code first} is the batch index of {@code
   * x[xOff]}. {@code x} and {@code y} may be the same array at the same offset.
   */
  protected abstract void forwardEval(float[] x, int xOff, float[] y, int yOff, int n, int first);

  /**
   * y = f(x) in training mode, also writing one bit per element into {@code mask} from bit {@code
   * maskBit} on (a multiple of 64) when the storage is {@link BackwardStorage#MASK}. Only generated
   * for layers that store a mask or draw random numbers; the others train with {@link
   * #forwardEval}.
   */
  protected void forwardTrain(
      float[] x,
      int xOff,
      float[] y,
      int yOff,
      int n,
      int first,
      long key,
      long[] mask,
      int maskBit) {
    throw new AssertionError(name() + " has no separate training forward");
  }

  /**
   * dz = dy * factor for {@code n} elements. {@code saved} holds the input or the output (by {@link
   * ActivationInfo#storage()}) at {@code savedOff}, and is null for mask storage; {@code key}
   * re-creates training-time draws. {@code dz} may be {@code dy}. Not generated for {@link
   * BackwardStorage#BF16_FACTOR} and {@link BackwardStorage#FACTOR}, whose backward this class
   * does.
   */
  protected void backward(
      float[] dy,
      int dyOff,
      float[] saved,
      int savedOff,
      long[] mask,
      int maskBit,
      float[] dz,
      int dzOff,
      int n,
      int first,
      long key) {
    throw new AssertionError(name() + " keeps no mask, input or output");
  }

  /**
   * y = f(x) in training mode, also writing the backward factor rounded to bfloat16 ({@link
   * Bf16#round}) into {@code factor} when the storage is {@link BackwardStorage#BF16_FACTOR}.
   * {@code x} and {@code y} may be the same array at the same offset.
   */
  protected void forwardTrainFactor(
      float[] x, int xOff, float[] y, int yOff, short[] factor, int factorOff, int n) {
    throw new AssertionError(name() + " does not store its backward factor");
  }

  /**
   * y = f(x) in training mode, also writing the backward factor rounded to float into {@code
   * factor} when the storage is {@link BackwardStorage#FACTOR}. {@code x} and {@code y} may be the
   * same array at the same offset.
   */
  protected void forwardTrainFactor(
      float[] x, int xOff, float[] y, int yOff, float[] factor, int factorOff, int n) {
    throw new AssertionError(name() + " does not store its backward factor");
  }

  /** Accumulates the gradients of learnable parameters; generated only when there are some. */
  protected void accumulateParameterGradients(
      float[] dy, int dyOff, float[] x, int xOff, int n, int first, long key) {}

  /** Creates per-channel learnable parameters; generated only when there are some. */
  protected void buildParameters(int channels) {}

  /**
   * Makes this layer run {@code kernel} in place of its scalar loops; null keeps the loops. Called
   * by generated constructors with what {@link dev.rectify.kernel.KernelProvider} loaded.
   */
  protected final void vectorKernel(UnaryKernel kernel) {
    this.vector = kernel;
  }

  /** The Vector API kernel this layer runs, or null when it runs its scalar loops. */
  protected final UnaryKernel vectorKernel() {
    return vector;
  }

  /**
   * Makes this layer run its scalar loops even where the Vector API is enabled: to compare the two,
   * or to reproduce bit for bit a run made without the module. Returns this layer.
   */
  public final UnaryActivationLayer scalarKernels() {
    this.vector = null;
    return this;
  }

  /** Whether this layer runs a Vector API kernel (see {@link #scalarKernels()}). */
  public final boolean vectorized() {
    return vector != null;
  }

  /** The channel of batch element {@code element}: dimension 1 of the layer's input. */
  protected final int channelOf(int element) {
    return (element / inner) % channels;
  }

  /**
   * Adds {@code lambda * sum |y| / N} to the loss and {@code lambda * sign(y) / N} to dLoss/dy, N
   * the batch size: the activation penalty of Glorot, Bordes and Bengio (2011) that promotes
   * sparsity, per example like the losses it is added to (which are batch means), so that lambda
   * means the same at every batch size.
   */
  public final UnaryActivationLayer activityL1(float lambda) {
    if (!(lambda >= 0) || Float.isInfinite(lambda)) {
      throw new IllegalArgumentException("activity L1 must be finite and >= 0, got " + lambda);
    }
    this.activityL1 = lambda;
    return this;
  }

  /** The L1 activity penalty's coefficient, 0 when off. */
  public final float activityL1() {
    return activityL1;
  }

  /** The L1 activity penalty of the last forward (0 when off). */
  public final double penalty() {
    return lastPenalty;
  }

  /** The output of the last forward, or null before the first. */
  public final Tensor lastOutput() {
    return y;
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length == 0) {
      throw new IllegalArgumentException(name() + ": input must have at least one dimension");
    }
    channels = sampleShape[0];
    inner = (int) Tensor.sizeOf(Arrays.copyOfRange(sampleShape, 1, sampleShape.length));
    buildParameters(channels);
    return sampleShape.clone();
  }

  @Override
  public final void apply(float[] x, int xOff, float[] y, int yOff, int n) {
    if (vector != null) {
      vector.forward(x, xOff, y, yOff, n);
    } else {
      forwardEval(x, xOff, y, yOff, n, 0);
    }
  }

  @Override
  public final Tensor forward(Tensor input, ForwardContext ctx) {
    if (output == null || !output.hasShape(input.shape())) {
      output = Tensor.zeros(input.shape());
    }
    start(input, output, ctx);
    runForwardRows(input.data(), 0, rows);
    finishForward();
    return output;
  }

  @Override
  public final Tensor backward(Tensor gradOutput) {
    if (gradInput == null || !gradInput.hasShape(gradOutput.shape())) {
      gradInput = Tensor.zeros(gradOutput.shape());
    }
    backwardRows(gradOutput, gradInput, 0, rows);
    finishBackward(gradOutput);
    return gradInput;
  }

  // ---- FusedEpilogue: the same steps, driven by Dense or Conv2d ----

  @Override
  public final int rows(Tensor out) {
    return out.rank() > 2 ? out.dim(0) * out.dim(1) : out.dim(0);
  }

  @Override
  public final void beginForward(Tensor pre, ForwardContext ctx) {
    start(pre, pre, ctx);
  }

  @Override
  public final void forwardRows(int from, int to) {
    if (storage() == BackwardStorage.INPUT && context.training()) {
      System.arraycopy(z.data(), from * cols, savedInput, from * cols, (to - from) * cols);
    }
    runForwardRows(z.data(), from, to);
  }

  @Override
  public final void backwardRows(Tensor dy, Tensor dz, int from, int to) {
    if (!context.training()) {
      // Evaluation mode keeps nothing for backward: a mask or saved factor would be stale.
      throw new IllegalStateException(
          name() + ": backward needs a training-mode forward (ForwardContext.training) first");
    }
    float[] g = dy.data();
    float[] d = dz.data();
    float[] s = saved == null ? null : saved.data();
    for (int r = from; r < to; r++) {
      int off = r * cols;
      float[] src = g;
      if (activityL1 > 0) {
        addActivityGradient(g, d, y.data(), off, cols);
        src = d;
      }
      backwardRow(src, s, d, off, r * wordsPerRow * 64);
    }
  }

  @Override
  public final void finishBackward(Tensor dy) {
    if (!parameters().isEmpty()) {
      float[] x = savedInputArray();
      float[] g = dy.data();
      if (activityL1 > 0) {
        // the penalty's gradient flows into the parameters too
        float[] tmp = new float[g.length];
        addActivityGradient(g, tmp, y.data(), 0, g.length);
        g = tmp;
      }
      accumulateParameterGradients(g, 0, x, 0, g.length, 0, context.noiseKey());
    }
  }

  // ---- internals ----

  /** dz = dy * factor over one row at {@code off}, from what the storage kept. */
  private void backwardRow(float[] dy, float[] s, float[] dz, int off, int maskBit) {
    BackwardStorage storage = storage();
    if (storage == BackwardStorage.BF16_FACTOR) {
      if (vector != null) {
        vector.backwardFactor(dy, off, factors, off, dz, off, cols);
      } else {
        Bf16.backward(dy, off, factors, off, dz, off, cols);
      }
    } else if (storage == BackwardStorage.FACTOR) {
      // one float product per element, as the generated backward loops compute it from x
      float[] f = floatFactors;
      for (int i = off; i < off + cols; i++) {
        dz[i] = dy[i] * f[i];
      }
    } else if (vector == null) {
      backward(dy, off, s, off, mask, maskBit, dz, off, cols, off, context.noiseKey());
    } else if (storage == BackwardStorage.MASK) {
      vector.backwardMask(dy, off, mask, maskBit, dz, off, cols);
    } else {
      vector.backward(dy, off, s, off, dz, off, cols);
    }
  }

  private BackwardStorage storage() {
    return info().storage();
  }

  private void start(Tensor in, Tensor out, ForwardContext ctx) {
    this.context = ctx;
    this.z = in;
    this.y = out;
    rows = rows(out);
    cols = rows == 0 ? 0 : out.size() / rows;
    wordsPerRow = (cols + 63) >>> 6;
    if (ctx.training()) {
      switch (storage()) {
        case MASK:
          if (mask.length < rows * wordsPerRow) {
            mask = new long[rows * wordsPerRow];
          }
          saved = null;
          break;
        case BF16_FACTOR:
          if (factors.length < out.size()) {
            factors = new short[out.size()];
          }
          saved = null;
          break;
        case FACTOR:
          if (floatFactors.length < out.size()) {
            floatFactors = new float[out.size()];
          }
          saved = null;
          break;
        case OUTPUT:
          saved = out;
          break;
        case INPUT:
          if (in == out) {
            if (savedInput == null || savedInput.length != in.size()) {
              savedInput = new float[in.size()];
            }
            saved = Tensor.wrap(savedInput, in.shape());
          } else {
            saved = in;
          }
          break;
      }
    }
  }

  private void runForwardRows(float[] x, int from, int to) {
    float[] out = y.data();
    int off = from * cols;
    int n = (to - from) * cols;
    boolean training = context.training();
    if (training && info().stochastic()) {
      // random draws are made per element from (key, index): scalar only
      for (int r = from; r < to; r++) {
        int o = r * cols;
        forwardTrain(x, o, out, o, cols, o, context.noiseKey(), mask, r * wordsPerRow * 64);
      }
    } else if (training && storage() == BackwardStorage.MASK) {
      for (int r = from; r < to; r++) {
        int o = r * cols;
        if (vector != null) {
          vector.forwardMask(x, o, out, o, cols, mask, r * wordsPerRow * 64);
        } else {
          forwardTrain(x, o, out, o, cols, o, context.noiseKey(), mask, r * wordsPerRow * 64);
        }
      }
    } else if (training && storage() == BackwardStorage.BF16_FACTOR) {
      if (vector != null) {
        vector.forwardFactor(x, off, out, off, factors, off, n);
      } else {
        forwardTrainFactor(x, off, out, off, factors, off, n);
      }
    } else if (training && storage() == BackwardStorage.FACTOR) {
      if (vector != null) {
        vector.forwardFactor(x, off, out, off, floatFactors, off, n);
      } else {
        forwardTrainFactor(x, off, out, off, floatFactors, off, n);
      }
    } else if (vector != null) {
      vector.forward(x, off, out, off, n);
    } else {
      forwardEval(x, off, out, off, n, off);
    }
  }

  @Override
  public final void finishForward() {
    if (activityL1 > 0) {
      double sum = 0;
      for (float v : y.data()) {
        sum += Math.abs(v);
      }
      lastPenalty = activityL1 * sum / y.dim(0);
    } else {
      lastPenalty = 0;
    }
  }

  private void addActivityGradient(float[] dy, float[] dst, float[] out, int off, int n) {
    float lambda = activityL1 / y.dim(0);
    for (int i = off; i < off + n; i++) {
      dst[i] = dy[i] + lambda * Math.signum(out[i]);
    }
  }

  private float[] savedInputArray() {
    if (storage() != BackwardStorage.INPUT) {
      throw new AssertionError(name() + ": learnable parameters need the input stored");
    }
    return saved.data();
  }

  /** The layer's name, its registry name. */
  @Override
  public String toString() {
    return name();
  }
}
