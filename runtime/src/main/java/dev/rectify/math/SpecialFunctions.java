package dev.rectify.math;

/**
 * The error function and the activation-related functions built on it and on the exponential,
 * accurate to a few double ulps and numerically stable over the whole double range.
 *
 * <p>Two clients use this class: generated float kernels (through the {@code float} overloads,
 * which compute in double and round once, so their results are correctly rounded floats in all but
 * a vanishing fraction of cases and always within 1 float ulp) and the annotation processor's
 * double-precision interpreter, which checks formulas at extreme inputs at compile time.
 *
 * <pre>{@code
 * double y = SpecialFunctions.gelu(x);             // x * Phi(x), no cancellation for x << 0
 * float f = SpecialFunctions.sigmoid(-100f);       // 3.8e-44f, a float subnormal, not 0
 * }</pre>
 *
 * <p>Every function is a pure function of its arguments built only from {@link Math#fma}, basic
 * arithmetic, {@link StrictMath} and {@link BranchFreeMath}, so results are bit-for-bit identical
 * on every JVM and platform: what the processor computes at compile time is what the runtime
 * computes. {@link #sigmoid(double)} and {@link #softplus(double)} (and what is built on them) run
 * once per element in generated kernels and use BranchFreeMath's exp and log1p, several times
 * faster than StrictMath's on JDK 17 and without a branch on the argument. Every function returns
 * NaN for a NaN argument.
 *
 * <p>Note that an {@code int} or {@code long} argument selects the {@code float} overload (Java
 * prefers the narrower widening conversion); cast to {@code double} for double precision.
 *
 * <h2>How erf and erfc are computed</h2>
 *
 * The scheme follows the structure of W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969) 631-637, and of fdlibm's {@code s_erf.c}: a series-like
 * approximation of erf near zero, and {@code erfc(x) = exp(-x^2) * erfcx(x)} away from zero, with
 * the scaled complementary error function {@code erfcx} smooth and slowly varying. The
 * approximations and their coefficients are our own (Chebyshev interpolation, documented at the
 * coefficient tables in the source); the accuracy comes from three choices:
 *
 * <ul>
 *   <li>erf for {@code |x| < 1} and erfc for {@code -1 < x < 1/2}: {@code erf(x) = x + x g(x^2)},
 *       with |g| &lt; 0.16, evaluated by one fused multiply-add, so the dominant term {@code x} is
 *       exact and the rounding error of g is scaled down; {@code erfc = (1 - x) - x g}, with {@code
 *       1 - x} kept exactly as a double-double.
 *   <li>everywhere else: {@code erfc(x) = exp(-x^2) erfcx(x)} (and {@code erf = 1 - erfc}, where
 *       erfc &lt; 0.16 so nothing cancels), with {@code x^2} exact as a double-double (via fma) and
 *       a double-double exponential of our own. The naive {@code Math.exp(-x * x)} has a relative
 *       error of about {@code x^2} ulps (the rounding error of {@code x * x} is amplified by the
 *       exponential): 700 ulps at x = 26.
 *   <li>the few remaining roundings are fused into one at the very end, including the final scaling
 *       into the subnormal range (erfc(26.6) is subnormal), so subnormal results are rounded once.
 * </ul>
 *
 * <p>Largest errors measured by SpecialFunctionsTest against 34-digit BigDecimal references, in
 * double ulps: erf 0.77, erfc 0.71 (relative, tails and subnormals included), normalCdf 0.72,
 * normalPdf 0.50, gelu 1.06, sigmoid 1.65, softplus and logSigmoid 1.15. The float overloads are
 * within 0.5 float ulp of the double results over a dense sweep.
 */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  /** 1/sqrt(2) as a double-double: x/sqrt(2) must be exact to the last bit in the tails. */
  private static final double INV_SQRT2_HI = 0.7071067811865476;

  private static final double INV_SQRT2_LO = -4.833646656726457e-17;

  /** 1/sqrt(2 pi) as a double-double. */
  private static final double INV_SQRT_2PI_HI = 0.3989422804014327;

  private static final double INV_SQRT_2PI_LO = -2.49232720227773e-17;

  /**
   * ln 2 split so that {@code k * LN2_HI} is exact for |k| &lt; 2^21 (LN2_HI has 32 significant
   * bits; the exponent's reduction needs k up to about 1100).
   */
  private static final double LN2_HI = 0.6931471803691238;

  private static final double LN2_LO = 1.9082149292705877e-10;
  private static final double INV_LN2 = 1.4426950408889634;

  /**
   * Beyond this |x|, erf(x) rounds to +-1 and erfc(-|x|) to 2: erfc(5.93) &lt; 2^-54, half an ulp
   * of numbers just below 1.
   */
  private static final double ERF_SATURATION = 6.0;

  /**
   * Where erfc switches from 1 - erf's series to exp(-x^2) erfcx(x): above 1/2, erfc &lt; 1/2 and
   * its ulp is finer than that of 1 - x, so the subtraction form would lose half a bit or more.
   */
  private static final double ERFC_SPLIT = 0.5;

  /** erfc(x) &lt; 2^-1075 (rounds to +0) for x &gt;= 27.3; 28 leaves a margin. */
  private static final double ERFC_UNDERFLOW = 28.0;

  /**
   * Beyond this y, exp(-y) times any multiplier below 64 rounds to zero (exp(-745.2) is already
   * below half the smallest subnormal); it also keeps the reduction's k below 2^11.
   */
  private static final double EXP_UNDERFLOW = 760.0;

  // Coefficient tables. Both were generated with mpmath at 60 digits by Chebyshev interpolation
  // (degree n at the n+1 Chebyshev points of the first kind) of the stated function on the stated
  // interval, converted to the monomial basis of the local variable and rounded to double:
  //
  //   def interpolate(f, n):          # f on [-h, h]; returns monomial coefficients in u
  //     pts = [h * cos(pi * (k + 0.5) / (n + 1)) for k in range(n + 1)]
  //     c_j = 2/(n+1) * sum(f(p_k) * cos(pi * j * (k + 0.5) / (n + 1)))  (c_0 halved)
  //     return the coefficients of sum(c_j * T_j(u / h)) in powers of u
  //
  // The monomial form is safe here because the coefficients, scaled by the interval's half-width,
  // shrink by a factor of 5 or more per degree, so Horner's rule has no cancellation. The
  // interpolation errors (the first neglected Chebyshev coefficient) are below 2^-64 relative.

  /**
   * {@code g(t) = erf(sqrt t)/sqrt t - 1} for t = x^2 in [0, 1], as a polynomial of degree 13 in
   * {@code v = 2t - 1}. Centering on t = 1/2 (rather than a series in t) keeps Horner's partial
   * sums smaller than the result: in powers of t the terms reach 0.38 for a result of -0.16 at t =
   * 1.
   */
  private static final double[] ERF_SMALL = {
    -0.03453126133013269,
    -0.1405360890227171,
    0.019852496688983708,
    -0.0022854855611440673,
    0.00021751715604160108,
    -1.7537169441492004e-05,
    1.2233827383524026e-06,
    -7.511569160710623e-08,
    4.115800597661665e-09,
    -2.03524938661036e-10,
    9.167606748998164e-12,
    -3.7910973708931526e-13,
    1.4548169783352384e-14,
    -5.16472878942302e-16,
  };

  /**
   * {@code erfcx(x) = exp(x^2) erfc(x)} on [1/2, 32), in twelve pieces: each binade [2^e, 2^(e+1))
   * is split at its midpoint 1.5 * 2^e, so the piece is found from the exponent and the top
   * mantissa bit, and the local variable {@code u = x/2^e - c}, c = 1.25 or 1.75, lies in [-1/4,
   * 1/4] and is computed exactly. erfcx behaves like 1/(x sqrt(pi)), so pieces of constant ratio
   * need the same degree (20). Each row is: c0 as a double-double (hi, lo), then c1 .. c20.
   */
  private static final double[] ERFCX = {
    // [0.5, 0.75)
    0.5568138808733625,
    2.8215672146600085e-17,
    -0.21618090800190473,
    0.0716469364677454,
    -0.021103706236203827,
    0.005658412959061327,
    -0.001403069003737717,
    0.0003253813920324317,
    -7.116730454979838e-05,
    1.4776391334073984e-05,
    -2.927600854566994e-06,
    5.55844513293262e-07,
    -1.0149069149775052e-07,
    1.7874214538378886e-08,
    -3.044150896965476e-09,
    5.024652113020951e-10,
    -8.053564902358293e-11,
    1.2556114574883944e-11,
    -1.9070364834008696e-12,
    2.825580758060482e-13,
    -4.1155158213856417e-14,
    5.822020672048925e-15,
    // [0.75, 1.0)
    0.464311583202669,
    -1.851963727754574e-17,
    -0.1579169482454209,
    0.0469892309432956,
    -0.0126142990157756,
    0.0031142759582110375,
    -0.0007164316088906286,
    0.00015504338688770313,
    -3.1793262988367715e-05,
    6.212823541128727e-06,
    -1.1622678772995804e-06,
    2.0894273779272304e-07,
    -3.620991300737895e-08,
    6.0656412512422815e-09,
    -9.84424646802163e-10,
    1.551035042557839e-10,
    -2.376645115499897e-11,
    3.547256835842951e-12,
    -5.164252772971071e-13,
    7.342936456736345e-14,
    -1.0269652422994113e-14,
    1.397098308651045e-15,
    // [1.0, 1.5)
    0.3678229164523611,
    1.387401093925035e-19,
    -0.20882187596460985,
    0.1067955714965988,
    -0.05021827439590757,
    0.022011364250857163,
    -0.009081627632934445,
    0.003553109903229703,
    -0.0013257829296849475,
    0.0004739703102808797,
    -0.00016296000929640568,
    5.4054059732072046e-05,
    -1.7344079024135443e-05,
    5.395660158768741e-06,
    -1.6306928877270838e-06,
    4.796134319582061e-07,
    -1.3749032318015584e-07,
    3.8468887268385307e-08,
    -1.0515896037168194e-08,
    2.812913010534974e-09,
    -7.527952735883866e-10,
    1.9313385273993594e-10,
    // [1.5, 2.0)
    0.2849722347374364,
    8.539813023973122e-18,
    -0.1309763455144852,
    0.05576363008708727,
    -0.022259995241388327,
    0.008404319207328847,
    -0.0030209746514251374,
    0.0010392045224449525,
    -0.00034353335347042023,
    0.00010950528846792923,
    -3.3755355255898325e-05,
    1.0086683354021227e-05,
    -2.927938070266301e-06,
    8.271319551856695e-07,
    -2.277626376426443e-07,
    6.122104817695063e-08,
    -1.6083453244287208e-08,
    4.134381361214327e-09,
    -1.0408121561442673e-09,
    2.569266244417148e-10,
    -6.338732607807672e-11,
    1.506769441882757e-11,
    // [2.0, 3.0)
    0.2108063640611436,
    -5.6277259093102524e-18,
    -0.14869469357958934,
    0.09975198834662762,
    -0.06401255505681286,
    0.03947258905122309,
    -0.02347490998845439,
    0.0135052687542068,
    -0.007535227480795551,
    0.004086234403212771,
    -0.0021577195348936613,
    0.0011112679876462167,
    -0.000559006946826657,
    0.0002750062041434743,
    -0.0001324610039815974,
    6.253135790884339e-05,
    -2.8959064595155703e-05,
    1.3167057871597398e-05,
    -5.872708717415913e-06,
    2.579990721203397e-06,
    -1.1842428173066056e-06,
    5.030265328557984e-07,
    // [3.0, 4.0)
    0.1552936556088943,
    -1.355844542216092e-18,
    -0.08264715566650499,
    0.0426445327700423,
    -0.021384595517149222,
    0.010442981230062324,
    -0.004975005383264247,
    0.002315629079133189,
    -0.001054462279749907,
    0.0004703200895708595,
    -0.0002056907760004982,
    8.828898525545537e-05,
    -3.722549223663658e-05,
    1.5429582585186796e-05,
    -6.2915211457782655e-06,
    2.525382478242198e-06,
    -9.98465149954823e-07,
    3.890476036821245e-07,
    -1.4933588951714144e-07,
    5.6603370155379505e-08,
    -2.215151218987047e-08,
    8.172535113038913e-09,
    // [4.0, 6.0)
    0.11070463773306863,
    -1.832347493639739e-18,
    -0.08533115905930524,
    0.06465102254299321,
    -0.048185396059346484,
    0.03535421975048082,
    -0.025552776775970693,
    0.018203993496091475,
    -0.01278987385537868,
    0.008866604707669427,
    -0.006067975004176362,
    0.004101235033744247,
    -0.002738709141997644,
    0.0018075969143921265,
    -0.0011795959181233222,
    0.0007613578310799254,
    -0.000486293880033262,
    0.0003073193617181442,
    -0.0001908719229616737,
    0.00011827060363806707,
    -8.244271505085427e-05,
    5.000091264260157e-05,
    // [6.0, 8.0)
    0.07980005432915294,
    -2.793400309870084e-18,
    -0.04471362594948602,
    0.024819342680838373,
    -0.01365094675220128,
    0.007441486915889068,
    -0.0040214057561306195,
    0.002154809827522577,
    -0.0011450905507023098,
    0.00060360545517485,
    -0.00031566579251194655,
    0.00016380901844229934,
    -8.436366658216867e-05,
    4.3126940693222604e-05,
    -2.1886805068593615e-05,
    1.1028580438868641e-05,
    -5.518780374723322e-06,
    2.742602939168292e-06,
    -1.350066251489912e-06,
    6.620794864844801e-07,
    -3.492199871327778e-07,
    1.6889548844442906e-07,
    // [8.0, 12.0)
    0.05614099274382259,
    -1.6720611399896374e-18,
    -0.04447449775248685,
    0.03506371540569718,
    -0.027513749135589637,
    0.02148892755872438,
    -0.016706295991913037,
    0.012929228135065755,
    -0.009961340765140358,
    0.007640834863047949,
    -0.005835337740767196,
    0.00443728205705232,
    -0.0033598284950261733,
    0.0025333102067664646,
    -0.0019021505908380907,
    0.0014224075782570157,
    -0.001060066312167144,
    0.0007863134190699184,
    -0.0005718091468049813,
    0.0004209182144128446,
    -0.0003735955368892595,
    0.00027246056872630415,
    // [12.0, 16.0)
    0.04019722865021846,
    2.325980932168429e-18,
    -0.022854119115165706,
    0.012961292715422255,
    -0.007332559495541767,
    0.004138035143173214,
    -0.0023295486717092775,
    0.001308265977215464,
    -0.0007329501546464548,
    0.0004096513053530305,
    -0.00022841415505469383,
    0.00012705963484947407,
    -7.051396835802531e-05,
    3.904204851908894e-05,
    -2.1566818925387436e-05,
    1.188621891330228e-05,
    -6.536680476908304e-06,
    3.586253416162374e-06,
    -1.954363464934533e-06,
    1.0674791726837972e-06,
    -6.440650686638254e-07,
    3.5007286809874703e-07,
    // [16.0, 24.0)
    0.02817434874105132,
    -4.829674968674034e-20,
    -0.02248347925535682,
    0.017919915994955855,
    -0.014265047323647606,
    0.011341675570733305,
    -0.009006372887650176,
    0.007143207353037478,
    -0.005658601790691256,
    0.004477127361224135,
    -0.0035380672703746027,
    0.002792614044984245,
    -0.0022015879601925263,
    0.0017335756572703926,
    -0.0013633903201376635,
    0.0010710168918842266,
    -0.0008411988784585171,
    0.000659246690072115,
    -0.0005052487171588918,
    0.0003950801390471405,
    -0.0003853521625568232,
    0.0003004546583303817,
    // [24.0, 32.0)
    0.020136801964214277,
    -4.0094612151382557e-19,
    -0.011492113592209191,
    0.006554413529137473,
    -0.0037358790346434106,
    0.002128027969472542,
    -0.0012114010180057453,
    0.0006891680394654217,
    -0.0003918225511321485,
    0.00022262879900616166,
    -0.0001264158077778276,
    7.173813084035869e-05,
    -4.068439619749398e-05,
    2.305872681379401e-05,
    -1.306086792290652e-05,
    7.3933330484232035e-06,
    -4.183081327997854e-06,
    2.364977921364792e-06,
    -1.329322105436391e-06,
    7.506397940631718e-07,
    -4.729247016612833e-07,
    2.6668477229407237e-07,
  };

  private static final int ERFCX_DEGREE = 20;
  private static final int ERFCX_ROW = ERFCX_DEGREE + 2;

  // ---------------------------------------------------------------------------------------------
  // erf, erfc

  /**
   * The error function, {@code erf(x) = 2/sqrt(pi) * integral from 0 to x of exp(-t^2) dt}.
   *
   * <p>Accuracy: within 1 ulp over the whole double range (largest error measured against a
   * BigDecimal reference: 0.77 ulp). Special values: {@code erf(+-0) = +-0}, {@code erf(+-inf) =
   * +-1}, {@code erf(NaN) = NaN}; {@code |x| >= 5.93} gives exactly {@code +-1}; subnormal {@code
   * x} gives the correctly rounded {@code 2x/sqrt(pi)}. Odd: {@code erf(-x) == -erf(x)} exactly.
   */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax < 1) {
      // x + x*g(x^2) with one rounding: exact for the dominant x, no underflow for subnormal x.
      return Math.fma(x, erfSmallG(x), x);
    }
    if (ax < ERF_SATURATION) {
      // erfc(|x|) <= 0.16 here, so 1 - erfc loses nothing: its error shrinks by 4x or more.
      return Math.copySign(1 - erfcLarge(ax, 0, 1, 0), x);
    }
    return Double.isNaN(x) ? x : Math.copySign(1.0, x);
  }

  /**
   * The complementary error function, {@code erfc(x) = 1 - erf(x)}, computed without the
   * cancellation of that formula: its relative accuracy holds in the far tail.
   *
   * <p>Accuracy: within 2 ulps (relative to erfc(x), not to 1) over the whole double range; largest
   * error measured against a BigDecimal reference: 0.71 ulp. Subnormal results (26.55 &lt; x &lt;
   * 27.3) are rounded once. Special values: {@code erfc(+-0) = 1}, {@code erfc(+inf) = +0}, {@code
   * erfc(-inf) = 2}, {@code erfc(NaN) = NaN}; {@code x >= 27.3} gives +0 and {@code x <= -5.93}
   * gives exactly 2.
   */
  public static double erfc(double x) {
    if (x > -1 && x < ERFC_SPLIT) {
      return erfcSmall(x, 0);
    }
    if (x >= ERFC_SPLIT) {
      return x < ERFC_UNDERFLOW ? erfcLarge(x, 0, 1, 0) : 0.0;
    }
    if (x > -ERF_SATURATION) {
      // erfc(-|x|) = 2 - erfc(|x|) lies in [1.84, 2]: the subtraction cannot cancel.
      return 2 - erfcLarge(-x, 0, 1, 0);
    }
    return Double.isNaN(x) ? x : 2.0;
  }

  /**
   * g(x^2) with erf(x) = x + x g(x^2) for |x| &lt; 1; g ranges over [-0.158, 0.129]. The variable v
   * = 2 x^2 - 1 is formed with one rounding (an error of 2^-54 in v moves erf by under 0.1 ulp).
   */
  private static double erfSmallG(double x) {
    double v = Math.fma(2 * x, x, -1);
    double[] c = ERF_SMALL;
    double g = c[c.length - 1];
    for (int i = c.length - 2; i >= 0; i--) {
      g = Math.fma(g, v, c[i]);
    }
    return g;
  }

  /**
   * erfc(xh + xl) for -1 &lt; xh &lt; 1/2, where xl is a tail below an ulp of xh (zero for a plain
   * double argument, the rounding error of -x/sqrt(2) for the normal distribution).
   */
  private static double erfcSmall(double xh, double xl) {
    double g = erfSmallG(xh);
    // 1 - xh = hi + lo exactly (Fast2Sum: |1| >= |xh|). Then erfc = hi + (lo - xh*g), the fma
    // rounding only the small correction |xh*g| < 0.16. (Above x = 1/2, where erfc falls below
    // 1/2 and its ulp halves, the erfcx route is more accurate: 0.7 instead of 1.2 ulps.)
    double hi = 1 - xh;
    double lo = -xh - (hi - 1);
    double tail = Math.fma(-xh, g, lo);
    if (xl != 0) {
      // First order in xl: d erfc/dx = -2/sqrt(pi) exp(-x^2). Ignoring it would cost up to an ulp
      // near x = 1/2, where xl can be 2^-55.
      tail -= TWO_OVER_SQRT_PI * StrictMath.exp(-xh * xh) * xl;
    }
    return hi + tail;
  }

  /**
   * {@code m * 2^scale * erfc(xh + xl)} for 1/2 &lt;= xh &lt; 28 and |xl| &lt;= ulp(xh), rounded
   * once. The multiplier and the power of two are folded in before the final rounding so that
   * results in the subnormal range (the far tail of erfc, of the normal CDF and of GELU) are
   * rounded once, not twice. |m| must be below 64.
   */
  private static double erfcLarge(double xh, double xl, double m, int scale) {
    // erfcx piece: binade e in -1..4 and which half of it (top mantissa bit).
    int e = Math.getExponent(xh);
    int half = (int) (Double.doubleToRawLongBits(xh) >>> 51) & 1;
    double inv = Math.scalb(1.0, -e);
    // Exact: xh*inv is in [1, 2) and within 1/4 of the centre (Sterbenz).
    double u = (xh * inv - (1.25 + 0.5 * half)) + xl * inv;
    int base = (2 * (e + 1) + half) * ERFCX_ROW;
    double q = ERFCX[base + ERFCX_ROW - 1];
    for (int i = base + ERFCX_ROW - 2; i >= base + 2; i--) {
      q = Math.fma(q, u, ERFCX[i]);
    }
    // P = c0 + u*q as a double-double: |u*q| < 0.2 c0, so the last Horner step's rounding and c0's
    // own representation error (c0 is stored as hi + lo) stay out of the result.
    double t0 = u * q;
    double t1 = Math.fma(u, q, -t0);
    double c0 = ERFCX[base];
    double ph = c0 + t0;
    double pl = ((c0 - ph) + t0) + t1 + ERFCX[base + 1];
    // M = m * P as a double-double.
    double mh = m * ph;
    double ml = Math.fma(m, ph, -mh) + m * pl;
    // (xh + xl)^2 = yh + yl exactly enough: the fma gives xh^2's rounding error, 2 xh xl the tail.
    double yh = xh * xh;
    double yl = Math.fma(xh, xh, -yh) + 2 * xh * xl;
    return expNegTimes(yh, yl, mh, ml, scale);
  }

  /**
   * {@code 2^scale * (mh + ml) * exp(-(yh + yl))} for 0 &lt;= yh &lt;= 760 and |yl| tiny beside yh,
   * rounded once, with the exponential evaluated in double-double (relative error near 2^-60), so
   * the result's error is that of (mh + ml) plus half an ulp.
   *
   * <p>Reduction: exp(-y) = 2^-k exp(r) with k = round(y / ln 2) and r = k ln 2 - y, |r| &lt;=
   * 0.347. {@code k * LN2_HI} is exact and within a factor 2 of yh, so {@code k * LN2_HI - yh} is
   * exact (Sterbenz); the remaining terms go into the low word of r. exp(r) is the Taylor series to
   * degree 14 (truncation below 2^-63 for |r| &lt;= 0.347), with 1 + r + r^2/2 summed exactly and
   * only the terms of order r^3 and beyond (under 0.007) rounded in plain double.
   */
  private static double expNegTimes(double yh, double yl, double mh, double ml, int scale) {
    if (!(yh <= EXP_UNDERFLOW)) {
      return 0.0 * mh;
    }
    double k = Math.rint(yh * INV_LN2);
    double rhi = k * LN2_HI - yh;
    double rlo = k * LN2_LO - yl;
    double r = rhi + rlo;
    double rl = (rhi - (r - (r - rhi))) + (rlo - (r - rhi)); // TwoSum: rlo may exceed rhi
    double q = EXP_TAYLOR[EXP_TAYLOR.length - 1];
    for (int i = EXP_TAYLOR.length - 2; i >= 0; i--) {
      q = q * r + EXP_TAYLOR[i];
    }
    double p = r * r * r * q;
    double h0 = r * r;
    double h1 = 0.5 * Math.fma(r, r, -h0);
    h0 *= 0.5;
    double s0 = 1 + r; // Fast2Sum twice: 1 > |r| and |s0| > 0.65 > r^2/2
    double s1 = r - (s0 - 1);
    double t0 = s0 + h0;
    double t1 = h0 - (t0 - s0);
    double low = s1 + t1 + h1 + p + rl * t0; // exp(r + rl) = exp(r) (1 + rl)
    double eh = t0 + low;
    double el = low - (eh - t0);
    double w0 = eh * mh;
    double w1 = Math.fma(eh, mh, -w0) + (eh * ml + el * mh);
    // Math.scalb rounds once, even into the subnormal range (only its last step can be inexact).
    return Math.scalb(w0 + w1, scale - (int) k);
  }

  /** 1/n! for n = 3 .. 14, the exponential's Taylor series beyond 1 + r + r^2/2. */
  private static final double[] EXP_TAYLOR = {
    0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
    0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07,
    2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11,
  };

  // ---------------------------------------------------------------------------------------------
  // The normal distribution and GELU

  /**
   * The standard normal cumulative distribution function, {@code Phi(x) = erfc(-x/sqrt 2) / 2}.
   *
   * <p>The lower tail is computed through erfc, never as 1 - something, and with x/sqrt(2) carried
   * as a double-double: a plain {@code erfc(-x / Math.sqrt(2))} would amplify the division's
   * rounding error by about x^2 (1400 ulps at x = -38). Accuracy: within 2 ulps over the whole
   * range, subnormal results (x &lt; -37.5) rounded once. Special values: {@code Phi(-inf) = 0},
   * {@code Phi(+inf) = 1}, {@code Phi(+-0) = 0.5}, {@code Phi(NaN) = NaN}; x &lt;= -38.5 gives +0
   * and x &gt;= 8.3 gives exactly 1.
   */
  public static double normalCdf(double x) {
    if (Double.isInfinite(x)) {
      return x > 0 ? 1.0 : 0.0;
    }
    double zh = -x * INV_SQRT2_HI;
    double zl = Math.fma(-x, INV_SQRT2_HI, -zh) - x * INV_SQRT2_LO;
    if (zh >= ERFC_SPLIT) {
      return zh < ERFC_UNDERFLOW ? erfcLarge(zh, zl, 1, -1) : 0.0;
    }
    return upperPhi(zh, zl);
  }

  /** Phi = erfc(z)/2 for z = zh + zl &lt; 1/2, where Phi &gt; 0.24: no tail, no underflow. */
  private static double upperPhi(double zh, double zl) {
    if (zh > -1) {
      return 0.5 * erfcSmall(zh, zl);
    }
    // z <= -1: Phi = 1 - erfc(|z|)/2, and erfc(|z|)/2 <= 0.08, so no cancellation. NaN ends here.
    return zh > -ERF_SATURATION ? 1 - erfcLarge(-zh, -zl, 1, -1) : zh == zh ? 1.0 : zh;
  }

  /**
   * The standard normal density, {@code exp(-x^2/2) / sqrt(2 pi)}.
   *
   * <p>x^2/2 is carried exactly as a double-double into a double-double exponential, so the result
   * keeps its relative accuracy in the tail (the naive formula loses x^2/2 ulps). Accuracy: within
   * 1 ulp; subnormal results (|x| &gt; 37.5) rounded once. Special values: {@code pdf(+-inf) = 0},
   * {@code pdf(NaN) = NaN}, {@code pdf(0) = 0.3989422804014327}; |x| &gt;= 38.6 gives +0.
   */
  public static double normalPdf(double x) {
    double ax = Math.abs(x);
    double y = ax * ax;
    if (!(y <= 2 * EXP_UNDERFLOW)) {
      return Double.isNaN(x) ? x : 0.0;
    }
    return expNegTimes(0.5 * y, 0.5 * Math.fma(ax, ax, -y), INV_SQRT_2PI_HI, INV_SQRT_2PI_LO, 0);
  }

  /**
   * The exact (erf-based) GELU of Hendrycks and Gimpel, {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt
   * 2))}, as PyTorch's {@code gelu(x, approximate='none')}.
   *
   * <p>For x &lt; -1/sqrt(2) it is computed as {@code 0.5 x erfc(-x/sqrt 2)}, with x folded into
   * the final rounding: {@code 1 + erf(x/sqrt 2)} would cancel completely below x = -8.3, and
   * rounding Phi before multiplying would cost up to |x| subnormal ulps in the far tail. Accuracy:
   * within 2 ulps over the whole range. Special values: {@code gelu(+-0) = +-0}, {@code gelu(+inf)
   * = +inf}, {@code gelu(-inf) = -0.0} (the limit, approached from below), {@code gelu(NaN) = NaN};
   * x &lt;= -39.2 gives -0.0 and x &gt;= 8.3 gives exactly x.
   */
  public static double gelu(double x) {
    if (Double.isInfinite(x)) {
      return x > 0 ? x : -0.0;
    }
    double zh = -x * INV_SQRT2_HI;
    double zl = Math.fma(-x, INV_SQRT2_HI, -zh) - x * INV_SQRT2_LO;
    if (zh >= ERFC_SPLIT) {
      return zh < ERFC_UNDERFLOW ? erfcLarge(zh, zl, x, -1) : -0.0;
    }
    return x * upperPhi(zh, zl);
  }

  // ---------------------------------------------------------------------------------------------
  // Logistic family

  /**
   * The logistic sigmoid, {@code 1 / (1 + exp(-x))}.
   *
   * <p>Never overflows: for x &lt; 0 it is computed as {@code e / (1 + e)} with {@code e = exp(x)},
   * so tiny results are right down to the subnormal range (sigmoid(-740) = 4.2e-322, not 0).
   * Accuracy: within 2 ulps. Special values: {@code sigmoid(+-0) = 0.5}, {@code sigmoid(+inf) = 1},
   * {@code sigmoid(-inf) = +0}, {@code sigmoid(NaN) = NaN}; x &gt;= 36.8 gives exactly 1 and x &lt;
   * -745.2 gives +0.
   */
  public static double sigmoid(double x) {
    // One exponential of -|x| in (0, 1], so 1 + e cannot overflow, and no branch on the sign:
    // sigmoid(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) below, the numerator chosen by an
    // integer select (a ternary may compile to a jump, mispredicted on random signs: SiLU's
    // scalar forward took 31.4 ns per element on random input and 26.0 sorted). BranchFreeMath's
    // exp for the same reason: the Math.exp intrinsic branches on the argument's magnitude.
    double e = BranchFreeMath.exp(-Math.abs(x));
    return Branchless.select(Branchless.greaterOrEqual(x, 0), 1, e) / (1 + e);
  }

  /**
   * The softplus function, {@code log(1 + exp(x))}, computed as {@code max(x, 0) +
   * log1p(exp(-|x|))} so that exp never overflows and small results keep their relative accuracy.
   *
   * <p>Accuracy: within 2 ulps. Special values: {@code softplus(+-0) = ln 2}, {@code softplus(+inf)
   * = +inf}, {@code softplus(-inf) = +0}, {@code softplus(NaN) = NaN}; x &gt;= 37 gives exactly x,
   * and for x &lt; -36 the result is exp(x), subnormal below -708.
   */
  public static double softplus(double x) {
    return Math.max(x, 0) + BranchFreeMath.log1p(BranchFreeMath.exp(-Math.abs(x)));
  }

  /**
   * Softplus with PyTorch's {@code torch.nn.functional.softplus(x, beta, threshold)} semantics:
   * {@code x} when {@code beta * x > threshold} (the linear regime, where the two agree to within
   * exp(-threshold) relative), else {@code log(1 + exp(beta x)) / beta}, the latter computed stably
   * as {@link #softplus(double) softplus(beta x)}{@code / beta} so that a large threshold cannot
   * overflow.
   *
   * <p>Accuracy: within 3 ulps of {@code softplus(beta x) / beta}; a result that is subnormal only
   * after the division by beta &lt; 1 keeps the subnormal precision of softplus(beta x). Special
   * values: NaN if any argument is NaN; {@code beta = 0} gives +inf (as in PyTorch).
   */
  public static double softplus(double x, double beta, double threshold) {
    if (Double.isNaN(threshold)) {
      return threshold;
    }
    double bx = beta * x;
    return bx > threshold ? x : softplus(bx) / beta;
  }

  /**
   * The log of the sigmoid, {@code log(sigmoid(x)) = -softplus(-x)}, stable for all x (the naive
   * {@code log(sigmoid(x))} is -inf for x &lt; -745 and loses all accuracy for x &gt; 37).
   *
   * <p>Accuracy: within 2 ulps. Special values: {@code logSigmoid(+-0) = -ln 2}, {@code
   * logSigmoid(-inf) = -inf}, {@code logSigmoid(+inf) = -0.0} (the limit, approached from below),
   * {@code logSigmoid(NaN) = NaN}; x &lt;= -37 gives exactly x, x &gt; 745.2 gives -0.0.
   */
  public static double logSigmoid(double x) {
    return -softplus(-x);
  }

  // ---------------------------------------------------------------------------------------------
  // float overloads: computed in double, rounded once

  /** {@link #erf(double)} rounded to float: within 1 float ulp (in practice correctly rounded). */
  public static float erf(float x) {
    return (float) erf((double) x);
  }

  /** {@link #erfc(double)} rounded to float: within 1 float ulp, subnormal results included. */
  public static float erfc(float x) {
    return (float) erfc((double) x);
  }

  /** {@link #sigmoid(double)} rounded to float: within 1 float ulp, subnormal results included. */
  public static float sigmoid(float x) {
    return (float) sigmoid((double) x);
  }

  /** {@link #logSigmoid(double)} rounded to float: within 1 float ulp. */
  public static float logSigmoid(float x) {
    return (float) logSigmoid((double) x);
  }

  /** {@link #softplus(double)} rounded to float: within 1 float ulp, subnormal results included. */
  public static float softplus(float x) {
    return (float) softplus((double) x);
  }

  /**
   * {@link #softplus(double, double, double)} on the widened arguments, rounded to float: within 1
   * float ulp. The regime test {@code beta * x > threshold} is evaluated in double, so at the exact
   * boundary it may choose the other branch than a float computation would; the two branches agree
   * there to far better than a float ulp (threshold 20: 2e-9 relative).
   */
  public static float softplus(float x, float beta, float threshold) {
    return (float) softplus((double) x, beta, threshold);
  }

  /** {@link #gelu(double)} rounded to float: within 1 float ulp, subnormal results included. */
  public static float gelu(float x) {
    return (float) gelu((double) x);
  }

  /** {@link #normalCdf(double)} rounded to float: within 1 float ulp. */
  public static float normalCdf(float x) {
    return (float) normalCdf((double) x);
  }

  /** {@link #normalPdf(double)} rounded to float: within 1 float ulp. */
  public static float normalPdf(float x) {
    return (float) normalPdf((double) x);
  }
}
