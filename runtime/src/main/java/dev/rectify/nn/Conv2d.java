package dev.rectify.nn;

import dev.rectify.gemm.Gemm;
import dev.rectify.gemm.GemmPool;
import dev.rectify.gemm.RowEpilogue;
import dev.rectify.init.Init;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 2-D convolution over {@code [N, C, H, W]} batches (cross-correlation, as in PyTorch), with a
 * square kernel, stride and zero padding: {@code outH = (H + 2·padding − kernel) / stride + 1}.
 *
 * <p>Each sample is lowered to a GEMM by im2col: the input patches become the columns of {@code col
 * [inC·k·k, outH·outW]}, and {@code Y_n = W · col + b} with {@code W [outC, inC·k·k]} (PyTorch's
 * {@code [outC, inC, k, k]} layout, flattened). Row c of {@code Y_n} is channel c of sample n,
 * exactly a row of the fused activation. Backward recomputes col rather than keeping N of them.
 * Samples run in parallel on the GEMM pool, except for the weight gradient, a sum over samples that
 * is taken in sample order so that it is the same on any thread count.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 32, 3, 1, 1, 42L);   // 3×3, stride 1, "same" padding
 * conv.build(new int[] {1, 28, 28});                 // -> [32, 28, 28]
 * Tensor y = conv.forward(images, ForwardContext.EVAL);
 * }</pre>
 */
public final class Conv2d implements FusingLayer {
  private final int inC;
  private final int outC;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  private int height;
  private int width;
  private int outH;
  private int outW;

  private Tensor input;
  private Tensor output;
  private Tensor gradPre;
  private Tensor gradInput;

  /**
   * Below this many elements of dZ the activation's backward and the row sums run on the calling
   * thread (as in {@link Dense}): some tens of microseconds of work against some microseconds to
   * hand it out.
   */
  private static final long MIN_PARALLEL_BACKWARD_ELEMENTS = 1 << 15;

  /**
   * Samples per partial sum of the weight gradient (see backwardProducts): enough groups to share
   * over the threads at the batch sizes of the samples (16 groups at 128), few enough that adding
   * the partial sums is cheap. A constant, not the thread count: it fixes the arithmetic.
   */
  private static final int WEIGHT_GRADIENT_GROUP = 8;

  private float[] partialWeightGradients = new float[0];
  private float[] rowSums = new float[0]; // per channel row of dZ, for the bias gradient

  // per-thread im2col buffers: samples run in parallel
  private final ThreadLocal<float[]> columns = new ThreadLocal<>();
  private final ThreadLocal<float[]> columnGradients = new ThreadLocal<>();

  /** A convolution with He-uniform weights drawn from {@code seed} and a zero bias. */
  public Conv2d(int inC, int outC, int kernel, int stride, int padding, long seed) {
    this(inC, outC, kernel, stride, padding, Init.Scheme.HE_UNIFORM, seed);
  }

  /** A convolution whose weights are drawn by {@code scheme} from {@code seed}. */
  public Conv2d(
      int inC, int outC, int kernel, int stride, int padding, Init.Scheme scheme, long seed) {
    if (inC <= 0 || outC <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          String.format(
              "conv2d needs positive channels, kernel and stride and padding >= 0: in=%d out=%d"
                  + " kernel=%d stride=%d padding=%d",
              inC, outC, kernel, stride, padding));
    }
    this.inC = inC;
    this.outC = outC;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    SplittableRandom random = new SplittableRandom(seed);
    int area = kernel * kernel;
    Tensor w = Tensor.zeros(outC, inC, kernel, kernel);
    scheme.fill(w, inC * area, outC * area, random);
    Tensor b = Tensor.zeros(outC);
    if (scheme == Init.Scheme.PYTORCH_DEFAULT) {
      Init.uniform(b, 1 / Math.sqrt(inC * area), random);
    }
    weight = Parameter.trainable("weight", w, true);
    bias = Parameter.trainable("bias", b, true);
  }

  @Override
  public String name() {
    return "conv2d";
  }

  /** The weight parameter, {@code [outC, inC, k, k]}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias parameter, {@code [outC]}. */
  public Parameter bias() {
    return bias;
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length != 3 || sampleShape[0] != inC) {
      throw new IllegalArgumentException(
          "conv2d needs samples [" + inC + ", H, W], got " + Arrays.toString(sampleShape));
    }
    height = sampleShape[1];
    width = sampleShape[2];
    outH = (height + 2 * padding - kernel) / stride + 1;
    outW = (width + 2 * padding - kernel) / stride + 1;
    if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
      throw new IllegalArgumentException(
          "conv2d kernel " + kernel + " is larger than the padded input " + height + "×" + width);
    }
    return new int[] {outC, outH, outW};
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  // Y_n = W · im2col(X_n) + b
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    return convolve(x, null);
  }

  // Y_n = f(W · im2col(X_n) + b), f applied to channel rows as the GEMM finishes them
  @Override
  public Tensor forwardFused(
      Tensor x,
      ForwardContext context,
      FusedEpilogue activation,
      ForwardContext activationContext) {
    checkInput(x);
    output = Buffers.reuse(output, x.dim(0), outC, outH, outW); // convolve() writes Z here
    activation.beginForward(output, activationContext);
    return convolve(x, new ActivationRows(activation));
  }

  // dW += Σ_n dY_n · colᵀ, db += Σ dY, dX_n = col2im(Wᵀ · dY_n)
  @Override
  public Tensor backward(Tensor gradOutput) {
    return backward(gradOutput, null, true);
  }

  // With an activation, dZ = dY ⊙ f'(Z) and db += Σ dZ per sample; then as above
  @Override
  public Tensor backward(Tensor gradOutput, FusedEpilogue activation, boolean inputGradient) {
    checkGrad(gradOutput);
    int n = gradOutput.dim(0);
    Tensor gradZ = gradOutput;
    if (activation != null) {
      gradPre = Buffers.reuse(gradPre, n, outC, outH, outW);
      gradZ = gradPre;
    }
    // Samples are independent: each range of them gets dZ and the sum of each of its channel rows
    // while the rows are in cache, on every pool thread when there is enough work; then db adds
    // the row sums in row order, the order of a loop on one thread.
    int rows = n * outC;
    if (rowSums.length != rows) {
      rowSums = new float[rows];
    }
    float[] sums = rowSums;
    Tensor dz = gradZ;
    GemmPool pool = GemmPool.common();
    long elements = (long) rows * outH * outW;
    int parts = elements < MIN_PARALLEL_BACKWARD_ELEMENTS ? 1 : Math.min(pool.threads(), n);
    pool.parallelForRanges(
        n,
        parts,
        (from, to) -> {
          if (activation != null) {
            activation.backwardRows(gradOutput, dz, from * outC, to * outC);
          }
          sumRows(dz, from * outC, to * outC, sums);
        });
    float[] db = bias.grad().data();
    for (int r = 0; r < rows; r++) {
      db[r % outC] += sums[r];
    }
    if (activation != null) {
      activation.finishBackward(gradOutput);
    }
    return backwardProducts(gradZ, inputGradient);
  }

  /** sums[r] = Σ of channel row r (of outH · outW values) of {@code grad}, for r in [from, to). */
  private void sumRows(Tensor grad, int from, int to, float[] sums) {
    float[] g = grad.data();
    int p = outH * outW;
    for (int r = from; r < to; r++) {
      float sum = 0f;
      for (int i = r * p; i < (r + 1) * p; i++) {
        sum += g[i];
      }
      sums[r] = sum;
    }
  }

  private Tensor convolve(Tensor x, ActivationRows rows) {
    checkInput(x);
    int n = x.dim(0);
    input = x;
    output = Buffers.reuse(output, n, outC, outH, outW);
    // Samples are independent: each is computed whole by one task, the same way on any thread.
    GemmPool.common()
        .parallelFor(n, s -> forwardSample(x.data(), s, rows == null ? null : rows.from(s * outC)));
    if (rows != null) {
      rows.finish();
    }
    return output;
  }

  // Y_s = W · col_s + b
  private void forwardSample(float[] x, int s, RowEpilogue epilogue) {
    int k = inC * kernel * kernel;
    int p = outH * outW;
    float[] col = workspace(columns, k * p);
    float[] y = output.data();
    float[] b = bias.value().data();
    int yOff = s * outC * p;
    for (int c = 0; c < outC; c++) {
      Arrays.fill(y, yOff + c * p, yOff + (c + 1) * p, b[c]); // beta = 1 below adds W · col
    }
    im2col(x, s * inC * height * width, col);
    Gemm.sgemm(
        GemmPool.common(),
        false,
        false,
        outC,
        p,
        k,
        1f,
        weight.value().data(),
        0,
        k,
        col,
        0,
        p,
        1f,
        y,
        yOff,
        p,
        epilogue);
  }

  private Tensor backwardProducts(Tensor gradPre, boolean inputGradient) {
    int n = gradPre.dim(0);
    int k = inC * kernel * kernel;
    int p = outH * outW;
    float[] dz = gradPre.data();
    float[] x = input.data();
    if (inputGradient) {
      gradInput = Buffers.reuse(gradInput, n, inC, height, width);
      gradInput.fill(0f);
      // dX_s = col2im(Wᵀ · dZ_s): independent per sample, so in parallel
      GemmPool.common()
          .parallelFor(
              n,
              s -> {
                float[] dcol = workspace(columnGradients, k * p);
                Gemm.sgemm(
                    true,
                    false,
                    k,
                    p,
                    outC,
                    1f,
                    weight.value().data(),
                    0,
                    k,
                    dz,
                    s * outC * p,
                    p,
                    0f,
                    dcol,
                    0,
                    p);
                col2im(dcol, gradInput.data(), s * inC * height * width);
              });
    }
    // dW += Σ_s dZ_s · col_sᵀ, summed in fixed groups of samples: each group in sample order into
    // a partial sum of its own, then the partial sums into dW in group order. Which thread takes
    // which group changes nothing in that arithmetic, so the bits are the same on any thread
    // count, while the groups' im2col copies and products run in parallel.
    int groups = (n + WEIGHT_GRADIENT_GROUP - 1) / WEIGHT_GRADIENT_GROUP;
    int size = outC * k;
    if (partialWeightGradients.length != groups * size) {
      partialWeightGradients = new float[groups * size];
    }
    float[] partials = partialWeightGradients;
    GemmPool.common()
        .parallelFor(
            groups,
            g -> {
              float[] col = workspace(columns, k * p);
              int first = g * WEIGHT_GRADIENT_GROUP;
              for (int s = first; s < Math.min(n, first + WEIGHT_GRADIENT_GROUP); s++) {
                im2col(x, s * inC * height * width, col);
                Gemm.sgemm(
                    false,
                    true,
                    outC,
                    k,
                    p,
                    1f,
                    dz,
                    s * outC * p,
                    p,
                    col,
                    0,
                    p,
                    s == first ? 0f : 1f,
                    partials,
                    g * size,
                    k);
              }
            });
    float[] dw = weight.grad().data();
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < size; i++) {
        dw[i] += partials[g * size + i];
      }
    }
    return inputGradient ? gradInput : null;
  }

  /** This thread's scratch array of {@code size} floats, kept while the size stays. */
  private static float[] workspace(ThreadLocal<float[]> buffers, int size) {
    float[] buffer = buffers.get();
    if (buffer == null || buffer.length != size) {
      buffer = new float[size];
      buffers.set(buffer);
    }
    return buffer;
  }

  /**
   * col[(c·k + ki)·k + kj][oh·outW + ow] = x[c][oh·stride − padding + ki][ow·stride − padding +
   * kj], 0 outside the image.
   */
  private void im2col(float[] x, int xOff, float[] col) {
    int p = outH * outW;
    int row = 0;
    for (int c = 0; c < inC; c++) {
      for (int ki = 0; ki < kernel; ki++) {
        for (int kj = 0; kj < kernel; kj++, row++) {
          int dst = row * p;
          for (int oh = 0; oh < outH; oh++) {
            int ih = oh * stride - padding + ki;
            boolean rowInside = ih >= 0 && ih < height;
            int src = xOff + (c * height + ih) * width;
            for (int ow = 0; ow < outW; ow++, dst++) {
              int iw = ow * stride - padding + kj;
              col[dst] = rowInside && iw >= 0 && iw < width ? x[src + iw] : 0f;
            }
          }
        }
      }
    }
  }

  /** The adjoint of im2col: every column entry is added back to the pixel it was copied from. */
  private void col2im(float[] dcol, float[] dx, int dxOff) {
    int row = 0;
    for (int c = 0; c < inC; c++) {
      for (int ki = 0; ki < kernel; ki++) {
        for (int kj = 0; kj < kernel; kj++, row++) {
          int src = row * outH * outW;
          for (int oh = 0; oh < outH; oh++) {
            int ih = oh * stride - padding + ki;
            if (ih < 0 || ih >= height) {
              src += outW;
              continue;
            }
            int dst = dxOff + (c * height + ih) * width;
            for (int ow = 0; ow < outW; ow++, src++) {
              int iw = ow * stride - padding + kj;
              if (iw >= 0 && iw < width) {
                dx[dst + iw] += dcol[src];
              }
            }
          }
        }
      }
    }
  }

  private void checkInput(Tensor x) {
    if (outH == 0) {
      throw new IllegalStateException("conv2d: build(sampleShape) was not called");
    }
    if (!x.hasShape(x.dim(0), inC, height, width)) {
      throw new IllegalArgumentException(
          "conv2d needs input [N, " + inC + ", " + height + ", " + width + "], got " + x);
    }
  }

  private void checkGrad(Tensor g) {
    if (input == null) {
      throw new IllegalStateException("conv2d: backward before forward");
    }
    if (!g.hasShape(input.dim(0), outC, outH, outW)) {
      throw new IllegalArgumentException("conv2d: gradient " + g + " does not match the output");
    }
  }

  @Override
  public String toString() {
    return String.format(
        "Conv2d(%d -> %d, kernel %d, stride %d, padding %d)", inC, outC, kernel, stride, padding);
  }
}
