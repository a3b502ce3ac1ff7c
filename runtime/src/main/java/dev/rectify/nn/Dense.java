package dev.rectify.nn;

import dev.rectify.gemm.Gemm;
import dev.rectify.gemm.GemmPool;
import dev.rectify.init.Init;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer, {@code Z = X · W + b} for a batch {@code X} of shape {@code [N, in]}.
 *
 * <p>{@code W} is stored {@code [in, out]} (PyTorch stores {@code [out, in]}): the forward pass is
 * then the plain product {@code X · W} and each of its rows is a sample's output, which is what the
 * fused activation consumes row by row; the two backward products use the GEMM's transposed forms,
 * which cost nothing extra. Weights are initialised from a seed, He-uniform by default (suited to
 * rectifiers); the bias starts at zero, or as PyTorch's when {@link Init.Scheme#PYTORCH_DEFAULT} is
 * chosen.
 *
 * <pre>{@code
 * Dense dense = new Dense(784, 1000, 42L);
 * Tensor z = dense.forward(x, ForwardContext.EVAL);     // [N, 1000]
 * Tensor dx = dense.backward(dz);                       // accumulates into dW and db
 * }</pre>
 */
public final class Dense implements FusingLayer {
  /** Below this many elements of dZ the activation's backward runs on the caller alone. */
  private static final int MIN_PARALLEL_BACKWARD_ELEMENTS = 1 << 15;

  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  private Tensor input;
  private Tensor output;
  private Tensor gradPre; // dZ when fused; the activation's dZ is used directly otherwise
  private Tensor gradInput;

  /** A layer with He-uniform weights drawn from {@code seed} and a zero bias. */
  public Dense(int in, int out, long seed) {
    this(in, out, Init.Scheme.HE_UNIFORM, seed);
  }

  /** A layer whose weights are drawn by {@code scheme} from {@code seed}. */
  public Dense(int in, int out, Init.Scheme scheme, long seed) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("dense sizes must be positive: " + in + " -> " + out);
    }
    this.in = in;
    this.out = out;
    SplittableRandom random = new SplittableRandom(seed);
    Tensor w = Tensor.zeros(in, out);
    scheme.fill(w, in, out, random);
    Tensor b = Tensor.zeros(out);
    if (scheme == Init.Scheme.PYTORCH_DEFAULT) {
      Init.uniform(b, 1 / Math.sqrt(in), random);
    }
    weight = Parameter.trainable("weight", w, true);
    bias = Parameter.trainable("bias", b, true);
  }

  @Override
  public String name() {
    return "dense";
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  /** The weight parameter, {@code [in, out]}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias parameter, {@code [out]}. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length != 1 || sampleShape[0] != in) {
      throw new IllegalArgumentException(
          "dense("
              + in
              + " -> "
              + out
              + ") needs samples of shape ["
              + in
              + "], got "
              + Arrays.toString(sampleShape)
              + " (add a flatten before it?)");
    }
    return new int[] {out};
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  // Z = X · W + b
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    return multiply(x, null);
  }

  // Y = f(X · W + b), f applied to each block of rows as soon as the GEMM finishes it
  @Override
  public Tensor forwardFused(
      Tensor x,
      ForwardContext context,
      FusedEpilogue activation,
      ForwardContext activationContext) {
    checkInput(x);
    output = Buffers.reuse(output, x.dim(0), out); // multiply() writes Z here, then f overwrites it
    activation.beginForward(output, activationContext);
    return multiply(x, new ActivationRows(activation));
  }

  // dX = dZ · Wᵀ, dW += Xᵀ · dZ, db += Σ dZ
  @Override
  public Tensor backward(Tensor gradOutput) {
    return backward(gradOutput, null, true);
  }

  // With an activation, dZ = dY ⊙ f'(Z) and db += Σ dZ: in one pass over row blocks on one thread,
  // or dZ's blocks on every pool thread and then db in row order; then the products as above
  @Override
  public Tensor backward(Tensor gradOutput, FusedEpilogue activation, boolean inputGradient) {
    checkGrad(gradOutput);
    int n = gradOutput.dim(0);
    if (activation == null) {
      addRowSums(gradOutput, 0, n);
      return backwardProducts(gradOutput, inputGradient);
    }
    gradPre = Buffers.reuse(gradPre, n, out);
    int block = Math.max(1, (16 * 1024) / out); // about 64 KiB of dZ, still in L2 for the sums
    int blocks = (n + block - 1) / block;
    GemmPool pool = GemmPool.common();
    if (pool.threads() > 1 && blocks > 1 && (long) n * out >= MIN_PARALLEL_BACKWARD_ELEMENTS) {
      // Rows are independent: dZ on every pool thread (GELU's f' costs ~4 ns an element, a
      // millisecond a step for the 1000-wide MLP), then db in row order, the same sums as below.
      Tensor gradZ = gradPre;
      pool.parallelFor(
          blocks,
          b -> activation.backwardRows(gradOutput, gradZ, b * block, Math.min(n, (b + 1) * block)));
      addRowSums(gradPre, 0, n);
    } else {
      for (int from = 0; from < n; from += block) {
        int to = Math.min(n, from + block);
        activation.backwardRows(gradOutput, gradPre, from, to);
        addRowSums(gradPre, from, to);
      }
    }
    activation.finishBackward(gradOutput);
    return backwardProducts(gradPre, inputGradient);
  }

  private Tensor multiply(Tensor x, ActivationRows rows) {
    checkInput(x);
    int n = x.dim(0);
    input = x;
    output = Buffers.reuse(output, n, out);
    float[] z = output.data();
    for (int r = 0; r < n; r++) {
      System.arraycopy(bias.value().data(), 0, z, r * out, out); // beta = 1 below adds X · W
    }
    Gemm.sgemm(
        GemmPool.common(),
        false,
        false,
        n,
        out,
        in,
        1f,
        x.data(),
        0,
        in,
        weight.value().data(),
        0,
        out,
        1f,
        z,
        0,
        out,
        rows == null ? null : rows.from(0));
    if (rows != null) {
      rows.finish();
    }
    return output;
  }

  private Tensor backwardProducts(Tensor gradPre, boolean inputGradient) {
    int n = gradPre.dim(0);
    float[] dz = gradPre.data();
    // dW += X^T · dZ, or = right after zeroGrad: C is then written without being read or zeroed
    boolean overwrite = weight.claimZeroedGrad();
    Gemm.sgemm(
        true,
        false,
        in,
        out,
        n,
        1f,
        input.data(),
        0,
        in,
        dz,
        0,
        out,
        overwrite ? 0f : 1f,
        weight.grad().data(),
        0,
        out);
    if (!inputGradient) {
      return null;
    }
    gradInput = Buffers.reuse(gradInput, n, in);
    Gemm.sgemm(
        false,
        true,
        n,
        in,
        out,
        1f,
        dz,
        0,
        out,
        weight.value().data(),
        0,
        out,
        0f,
        gradInput.data(),
        0,
        in);
    return gradInput;
  }

  /** db += Σ over rows [from, to) of dZ, rows in order, so fused and unfused sums agree. */
  private void addRowSums(Tensor gradPre, int from, int to) {
    float[] dz = gradPre.data();
    float[] db = bias.grad().data();
    for (int r = from; r < to; r++) {
      int row = r * out;
      for (int j = 0; j < out; j++) {
        db[j] += dz[row + j];
      }
    }
  }

  private void checkInput(Tensor x) {
    if (x.rank() != 2 || x.dim(1) != in) {
      throw new IllegalArgumentException(
          "dense(" + in + " -> " + out + ") needs input [N, " + in + "], got " + x);
    }
  }

  private void checkGrad(Tensor g) {
    if (input == null) {
      throw new IllegalStateException("dense: backward before forward");
    }
    if (!g.hasShape(input.dim(0), out)) {
      throw new IllegalArgumentException(
          "dense: gradient " + g + " does not match output [" + input.dim(0) + ", " + out + "]");
    }
  }

  @Override
  public String toString() {
    return "Dense(" + in + " -> " + out + ")";
  }
}
