package dev.rectify.activations;

import static dev.rectify.math.SpecialFunctions.gelu;
import static dev.rectify.math.SpecialFunctions.logSigmoid;
import static dev.rectify.math.SpecialFunctions.normalCdf;
import static dev.rectify.math.SpecialFunctions.normalPdf;
import static dev.rectify.math.SpecialFunctions.sigmoid;
import static dev.rectify.math.SpecialFunctions.softplus;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Double-precision references for every activation of the zoo, written from the textbook or PyTorch
 * formula with {@link Math} and {@link dev.rectify.math.SpecialFunctions} only: nothing here calls
 * the processor or the generated code. Each is evaluated in a form that is accurate in double
 * (sigma(t) sigma(-t) for sigma', never 1 - sigma), and states its limits at +-inf where the
 * formula itself would give inf * 0. At kinks the derivative follows the processor's convention
 * (see {@code Differentiator}): {@code max(x, 0)} takes 0 at 0, {@code min(x, c)} takes x's side.
 */
final class References {
  private References() {}

  static final double SELU_ALPHA = 1.6732632423543772;
  static final double SELU_LAMBDA = 1.0507009873554805;
  static final double BSILU_ALPHA = 1.67;
  static final double NELU_ALPHA = 0.01;
  static final double RRELU_MEAN = (1.0 / 8 + 1.0 / 3) / 2;
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

  /** A one-input activation: f, the backward factor, and where that factor crosses zero. */
  record Unary(
      String name,
      DoubleUnaryOperator f,
      DoubleUnaryOperator g,
      boolean factorOfOutput,
      double... crossings) {}

  /** A two-input activation f(a, b) and its partials; crossings of df/da in a. */
  record Gated(
      String name,
      DoubleBinaryOperator f,
      DoubleBinaryOperator da,
      DoubleBinaryOperator db,
      double... crossings) {}

  // ---- the functions, in double ----

  static double relu(double x) {
    return Math.max(x, 0);
  }

  static double step(double x) {
    return x > 0 ? 1 : 0;
  }

  static double leaky(double x, double slope) {
    return x > 0 ? x : slope * x;
  }

  static double leakyPrime(double x, double slope) {
    return x > 0 ? 1 : slope;
  }

  static double elu(double x, double alpha) {
    return x > 0 ? x : alpha * Math.expm1(x);
  }

  static double eluPrime(double x, double alpha) {
    return x > 0 ? 1 : alpha * Math.exp(x);
  }

  /** Phi(x) + x phi(x); the product is 0 * inf at -inf, where the limit is 0. */
  static double geluPrime(double x) {
    return Double.isInfinite(x) ? step(x) : normalCdf(x) + x * normalPdf(x);
  }

  /** sigma'(t) = sigma(t) sigma(-t): no cancellation on either side. */
  static double sigmoidPrime(double t) {
    return sigmoid(t) * sigmoid(-t);
  }

  /**
   * x sigma(beta x); at an infinite x the limit, by the sign of beta x: x where sigma(beta x) tends
   * to 1, 0 where it decays faster than x grows, x / 2 at beta = 0.
   */
  static double silu(double x, double beta) {
    if (Double.isInfinite(x)) {
      return beta == 0 ? x / 2 : beta * x > 0 ? x : 0;
    }
    return x * sigmoid(beta * x);
  }

  /** sigma(beta x) + beta x sigma'(beta x); at an infinite x the limit of the first term. */
  static double siluPrime(double x, double beta) {
    if (Double.isInfinite(x)) {
      return beta == 0 ? 0.5 : beta * x > 0 ? 1 : 0;
    }
    return sigmoid(beta * x) + beta * x * sigmoidPrime(beta * x);
  }

  /** 0.5 x (1 + tanh(u)) = x sigma(2u), which does not cancel for x &lt; 0. */
  static double geluTanh(double x) {
    return Double.isInfinite(x) ? relu(x) : x * sigmoid(2 * geluTanhU(x));
  }

  static double geluTanhPrime(double x) {
    if (Double.isInfinite(x)) {
      return step(x);
    }
    double t = 2 * geluTanhU(x);
    double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
    return sigmoid(t) + x * sigmoidPrime(t) * 2 * du;
  }

  private static double geluTanhU(double x) {
    return SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
  }

  static double mish(double x) {
    return Double.isInfinite(x) ? relu(x) : x * Math.tanh(softplus(x));
  }

  /** tanh(sp) + x sech^2(sp) sigma(x), sech^2 as 1/cosh^2 (no 1 - tanh^2 cancellation). */
  static double mishPrime(double x) {
    if (Double.isInfinite(x)) {
      return step(x);
    }
    double sp = softplus(x);
    double cosh = Math.cosh(sp);
    return Math.tanh(sp) + x * sigmoid(x) / (cosh * cosh);
  }

  static double bsiluPrime(double x, double alpha) {
    return Double.isInfinite(x) ? step(x) : sigmoid(x) + (x + alpha) * sigmoidPrime(x);
  }

  static double neluPrime(double x, double alpha) {
    if (x > 0) {
      return 1;
    }
    double q = 1 + x * x;
    return Double.isInfinite(x) ? 0 : 2 * alpha * x / (q * q);
  }

  static double softsign(double x) {
    return Double.isInfinite(x) ? Math.signum(x) : x / (1 + Math.abs(x));
  }

  static double softsignPrime(double x) {
    double q = 1 + Math.abs(x);
    return 1 / (q * q);
  }

  /** PyTorch's Hardsigmoid: 0 below -3, 1 above 3, x/6 + 1/2 between. */
  static double hardsigmoid(double x) {
    return x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5;
  }

  /** PyTorch's Hardswish: 0 below -3, x above 3, x (x + 3) / 6 between. */
  static double hardswish(double x) {
    return x <= -3 ? 0 : x >= 3 ? x : x * (x + 3) / 6;
  }

  /** (2x + 3)/6 on (-3, 3]; at 3 min(u, 6) takes u's derivative, so 9/6 as in PyTorch. */
  static double hardswishPrime(double x) {
    return x > -3 && x <= 3 ? (2 * x + 3) / 6 : x > 3 ? 1 : 0;
  }

  // ---- the zoo ----

  static final List<Unary> UNARY =
      List.of(
          new Unary("relu", References::relu, References::step, false),
          new Unary("leaky-relu", x -> leaky(x, 0.01), x -> leakyPrime(x, 0.01), false),
          new Unary("prelu", x -> leaky(x, 0.25), x -> leakyPrime(x, 0.25), false),
          new Unary("rrelu", x -> leaky(x, RRELU_MEAN), x -> leakyPrime(x, RRELU_MEAN), false),
          new Unary("nrelu", References::relu, References::step, false),
          new Unary("relu6", x -> Math.min(relu(x), 6), x -> x > 0 && x <= 6 ? 1 : 0, false),
          new Unary("relu2", x -> relu(x) * relu(x), x -> x > 0 ? 2 * x : 0, false),
          new Unary("elu", x -> elu(x, 1), x -> eluPrime(x, 1), false),
          new Unary("celu", x -> elu(x, 1), x -> eluPrime(x, 1), false),
          new Unary(
              "selu",
              x -> SELU_LAMBDA * elu(x, SELU_ALPHA),
              x -> SELU_LAMBDA * eluPrime(x, SELU_ALPHA),
              false),
          new Unary("gelu", x -> gelu(x), References::geluPrime, false, -0.7517915246935645),
          new Unary("gelu-tanh", References::geluTanh, References::geluTanhPrime, false, -0.7522),
          new Unary("silu", x -> silu(x, 1), x -> siluPrime(x, 1), false, -1.2784645427610738),
          new Unary("mish", References::mish, References::mishPrime, false, -1.1924),
          new Unary("softplus", x -> softplus(x, 1, 20), x -> x > 20 ? 1 : sigmoid(x), false),
          new Unary("sigmoid", x -> sigmoid(x), y -> y * (1 - y), true),
          new Unary("tanh", Math::tanh, y -> 1 - y * y, true),
          new Unary("softsign", References::softsign, References::softsignPrime, false),
          new Unary("logsigmoid", x -> logSigmoid(x), x -> sigmoid(-x), false),
          new Unary(
              "hardtanh", x -> Math.min(Math.max(x, -1), 1), x -> x > -1 && x <= 1 ? 1 : 0, false),
          new Unary(
              "hardsigmoid", References::hardsigmoid, x -> x > -3 && x <= 3 ? 1.0 / 6 : 0, false),
          new Unary("hardswish", References::hardswish, References::hardswishPrime, false),
          new Unary(
              "sugar-bsilu", References::relu, x -> bsiluPrime(x, BSILU_ALPHA), false, -2.7346),
          new Unary("sugar-nelu", References::relu, x -> neluPrime(x, NELU_ALPHA), false),
          new Unary("sugar-elu", References::relu, x -> eluPrime(x, 1), false),
          new Unary(
              "sugar-selu", References::relu, x -> SELU_LAMBDA * eluPrime(x, SELU_ALPHA), false),
          new Unary(
              "sugar-gelu", References::relu, References::geluPrime, false, -0.7517915246935645),
          new Unary(
              "sugar-silu", References::relu, x -> siluPrime(x, 1), false, -1.2784645427610738),
          new Unary("sugar-mish", References::relu, References::mishPrime, false, -1.1924),
          new Unary("sugar-leaky-relu", References::relu, x -> leakyPrime(x, 0.01), false));

  /**
   * For the activations whose backward reads the stored float output: the exact derivative in x, to
   * measure what rounding y to float costs (reported, not bounded: see AccuracyTest).
   */
  static final Map<String, DoubleUnaryOperator> PRIME_OF_X =
      Map.of("sigmoid", References::sigmoidPrime, "tanh", x -> 1 / (Math.cosh(x) * Math.cosh(x)));

  static final List<Gated> GATED =
      List.of(
          new Gated(
              "glu", (a, b) -> a * sigmoid(b), (a, b) -> sigmoid(b), (a, b) -> a * sigmoidPrime(b)),
          new Gated("reglu", (a, b) -> relu(a) * b, (a, b) -> a > 0 ? b : 0, (a, b) -> relu(a)),
          new Gated(
              "geglu",
              (a, b) -> gelu(a) * b,
              (a, b) -> geluPrime(a) * b,
              (a, b) -> gelu(a),
              -0.7517915246935645),
          new Gated(
              "swiglu",
              (a, b) -> silu(a, 1) * b,
              (a, b) -> siluPrime(a, 1) * b,
              (a, b) -> silu(a, 1),
              -1.2784645427610738));
}
