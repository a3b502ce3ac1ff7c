package dev.rectify.init;

import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Fills weight tensors with seeded random values scaled to the layer's fan-in and fan-out, with
 * PyTorch's formulas ({@code torch.nn.init}, gain 1 unless stated). For a Dense layer fan-in is its
 * input width and fan-out its output width; for a convolution both are multiplied by the kernel
 * area (fan-in = inC·kh·kw, fan-out = outC·kh·kw).
 *
 * <table>
 *   <caption>Schemes</caption>
 *   <tr><th>scheme</th><th>distribution</th><th>meant for</th></tr>
 *   <tr><td>{@link Scheme#HE_NORMAL}</td><td>N(0, σ²), σ = √(2 / fanIn)</td><td>ReLU family
 *       (He et al. 2015, {@code kaiming_normal_})</td></tr>
 *   <tr><td>{@link Scheme#HE_UNIFORM}</td><td>U(−b, b), b = √(6 / fanIn)</td><td>ReLU family
 *       ({@code kaiming_uniform_})</td></tr>
 *   <tr><td>{@link Scheme#XAVIER_NORMAL}</td><td>N(0, σ²), σ = √(2 / (fanIn + fanOut))</td>
 *       <td>tanh, sigmoid, softsign (Glorot and Bengio 2010, {@code xavier_normal_})</td></tr>
 *   <tr><td>{@link Scheme#XAVIER_UNIFORM}</td><td>U(−b, b), b = √(6 / (fanIn + fanOut))</td><td>the
 *       same ({@code xavier_uniform_})</td></tr>
 *   <tr><td>{@link Scheme#LECUN_NORMAL}</td><td>N(0, σ²), σ = √(1 / fanIn)</td><td>SELU (LeCun et
 *       al. 1998; {@code kaiming_normal_} with the linear gain)</td></tr>
 *   <tr><td>{@link Scheme#PYTORCH_DEFAULT}</td><td>U(−b, b), b = 1 / √fanIn</td><td>what {@code
 *       nn.Linear} and {@code nn.Conv2d} do by default ({@code kaiming_uniform_(a = √5)}); their
 *       bias too</td></tr>
 * </table>
 *
 * <p>Values depend only on the seed (or the generator's state) and the tensor's size, so a model
 * built from the same seed is the same on every machine: normals use Box-Muller with {@link
 * StrictMath}, not {@code nextGaussian()}, whose algorithm the JDK does not specify.
 *
 * <pre>{@code
 * Tensor w = Tensor.zeros(784, 1000);
 * Init.heUniform(w, 784, new SplittableRandom(42));
 * Init.Scheme.XAVIER_NORMAL.fill(w, 784, 1000, 42L);
 * }</pre>
 */
public final class Init {
  private Init() {}

  /** The initialisation schemes, for layers that take one as an option. */
  public enum Scheme {
    HE_NORMAL,
    HE_UNIFORM,
    XAVIER_NORMAL,
    XAVIER_UNIFORM,
    LECUN_NORMAL,
    PYTORCH_DEFAULT;

    /** Fills {@code t} with this scheme's distribution for the given fans. */
    public void fill(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
      switch (this) {
        case HE_NORMAL:
          heNormal(t, fanIn, random);
          break;
        case HE_UNIFORM:
          heUniform(t, fanIn, random);
          break;
        case XAVIER_NORMAL:
          xavierNormal(t, fanIn, fanOut, random);
          break;
        case XAVIER_UNIFORM:
          xavierUniform(t, fanIn, fanOut, random);
          break;
        case LECUN_NORMAL:
          lecunNormal(t, fanIn, random);
          break;
        case PYTORCH_DEFAULT:
          uniform(t, 1 / Math.sqrt(positive("fanIn", fanIn)), random);
          break;
      }
    }

    /** Fills {@code t} from a fresh generator seeded with {@code seed}. */
    public void fill(Tensor t, int fanIn, int fanOut, long seed) {
      fill(t, fanIn, fanOut, new SplittableRandom(seed));
    }
  }

  /** N(0, 2 / fanIn): He (Kaiming) normal. */
  public static void heNormal(Tensor t, int fanIn, SplittableRandom random) {
    normal(t, Math.sqrt(2.0 / positive("fanIn", fanIn)), random);
  }

  /** U(−√(6 / fanIn), √(6 / fanIn)): He (Kaiming) uniform. */
  public static void heUniform(Tensor t, int fanIn, SplittableRandom random) {
    uniform(t, Math.sqrt(6.0 / positive("fanIn", fanIn)), random);
  }

  /** N(0, 2 / (fanIn + fanOut)): Xavier (Glorot) normal. */
  public static void xavierNormal(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
    normal(t, Math.sqrt(2.0 / (positive("fanIn", fanIn) + positive("fanOut", fanOut))), random);
  }

  /** U(−√(6 / (fanIn + fanOut)), √(6 / (fanIn + fanOut))): Xavier (Glorot) uniform. */
  public static void xavierUniform(Tensor t, int fanIn, int fanOut, SplittableRandom random) {
    uniform(t, Math.sqrt(6.0 / (positive("fanIn", fanIn) + positive("fanOut", fanOut))), random);
  }

  /** N(0, 1 / fanIn): LeCun normal. */
  public static void lecunNormal(Tensor t, int fanIn, SplittableRandom random) {
    normal(t, Math.sqrt(1.0 / positive("fanIn", fanIn)), random);
  }

  /** U(−bound, bound), for every element in order. */
  public static void uniform(Tensor t, double bound, SplittableRandom random) {
    float[] x = t.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (bound * (2 * random.nextDouble() - 1));
    }
  }

  /** N(0, std²), for every element in order (Box-Muller, both values of each pair used). */
  public static void normal(Tensor t, double std, SplittableRandom random) {
    float[] x = t.data();
    for (int i = 0; i < x.length; i += 2) {
      // 1 - u keeps the logarithm's argument in (0, 1]
      double r = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
      double theta = 2 * Math.PI * random.nextDouble();
      x[i] = (float) (std * r * StrictMath.cos(theta));
      if (i + 1 < x.length) {
        x[i + 1] = (float) (std * r * StrictMath.sin(theta));
      }
    }
  }

  private static int positive(String what, int fan) {
    if (fan <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + fan);
    }
    return fan;
  }
}
