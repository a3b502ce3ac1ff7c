package dev.rectify.processor.formula;

import java.util.Locale;

/**
 * The built-in functions that survive parsing. Convenience names ({@code clamp}, {@code step},
 * {@code pow}, {@code where}, {@code relu}, {@code silu}, {@code gelu}...) are expanded by the
 * parser into these (see {@link Parser}), so every analysis handles one small set.
 */
public enum Function {
  EXP(1),
  EXPM1(1),
  LOG(1),
  LOG1P(1),
  SQRT(1),
  ABS(1),
  TANH(1),
  SIGMOID(1),
  SOFTPLUS(1),
  ERF(1),
  ERFC(1),
  /** The standard normal distribution function Phi, PyTorch's {@code torch.special.ndtr}. */
  NDTR(1),
  /** The standard normal density, {@code exp(-u^2 / 2) / sqrt(2 pi)}: the derivative of ndtr. */
  NPDF(1),
  /**
   * Internal, not in the formula language: {@code ndtr(-u) / npdf(u) / sqrt(2 pi)} for u &gt;= 0,
   * the smooth factor left when Vector API code splits ndtr into {@code exp(-u^2/2) mills(u)} (see
   * {@code Lowering}), so that ndtr and npdf of one argument share one exponential.
   */
  MILLS(1),
  /**
   * Internal, not in the formula language: {@code 1 + u sigmoid(-u)}, so that {@code sigmoid(u)
   * swish_gain(u)} is the derivative of {@code u sigmoid(u)}. Float-lane code writes SiLU's
   * derivative {@code sigmoid(u) + u sigmoid(u) sigmoid(-u)} so (see {@code
   * Lowering.swishGainForm}), because as a sum it cancels near u = -1.28.
   */
  SWISH_GAIN(1),
  /**
   * Internal, not in the formula language: {@code u ndtr(u)}, GELU's forward, which generated code
   * computes as {@code u < 0 ? -(a ndtr(-a)) : u (1 - ndtr(-a))} with a = min(|u|, 40), so that u =
   * -inf gives -0 instead of -inf * 0 (see {@code Lowering.normalForms}).
   */
  NDTR_TIMES(1),
  /**
   * Internal, not in the formula language: {@code ndtr(u) + u npdf(u)}, the derivative of {@code u
   * ndtr(u)}, which generated code computes as {@code u < 0 ? G D : 1 - G D} with G = exp(-a^2 / 2)
   * and D = mills(a) - a / sqrt(2 pi), so that no term is u times the density: +-inf give 1 and 0
   * without inf * 0 (see {@code Lowering.normalForms}).
   */
  NDTR_SLOPE(1),
  SIGN(1),
  MIN(2),
  MAX(2);

  public final int arity;

  Function(int arity) {
    this.arity = arity;
  }

  /** The name in the formula language. */
  public String formulaName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether formulas may name this function; internal ones appear only in generated code. */
  public boolean isInFormulaLanguage() {
    return this != MILLS && this != SWISH_GAIN && this != NDTR_TIMES && this != NDTR_SLOPE;
  }

  /** Whether the function needs double-precision evaluation to keep float results accurate. */
  public boolean isTranscendental() {
    return this != ABS && this != SIGN && this != MIN && this != MAX;
  }
}
