package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr.CmpOp;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.lower.Lowering;
import org.junit.jupiter.api.Test;

/**
 * Vector code computes {@code max(v, c)} and {@code min(v, c)} against a number as {@code
 * v.blend(c, v.compare(op, c))}, with op from {@link Lowering#clampComparison}. That form, lane by
 * lane, must give exactly {@link Math#max} and {@link Math#min}: signed zeros and NaN included, in
 * float and in double, for zero bounds of both signs.
 */
class ClampComparisonTest {
  private static final double[] BOUNDS = {0.0, -0.0, 6.0, -1.0, 1.0, 40.0, Double.MIN_VALUE};

  private static final double[] VALUES = {
    0.0,
    -0.0,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    1e-300,
    -1e-300,
    1.0,
    -1.0,
    6.0,
    -6.0,
    5.999999,
    6.000001,
    40.0,
    -40.0,
    3.5,
  };

  @Test
  void blendOnTheComparison_isMathMaxAndMin_bitForBit() {
    for (Function f : new Function[] {Function.MAX, Function.MIN}) {
      for (double c : BOUNDS) {
        CmpOp op = Lowering.clampComparison(f, c);
        for (double v : VALUES) {
          double expected = f == Function.MAX ? Math.max(v, c) : Math.min(v, c);
          // the lane comparison is IEEE's, as the interpreter's: false on NaN
          double blended = Interpreter.compare(op, v, c) ? c : v;
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(blended),
              f + "(" + v + ", " + c + ") in double");
          float vf = (float) v;
          float cf = (float) c;
          // float lanes hold the bound rounded: Double.MIN_VALUE becomes +0
          CmpOp opF = Lowering.clampComparison(f, cf);
          float expectedF = f == Function.MAX ? Math.max(vf, cf) : Math.min(vf, cf);
          // widened exactly, floats compare as their doubles do
          float blendedF = Interpreter.compare(opF, vf, cf) ? cf : vf;
          assertEquals(
              Float.floatToRawIntBits(expectedF),
              Float.floatToRawIntBits(blendedF),
              f + "(" + vf + ", " + cf + ") in float");
        }
      }
    }
  }
}
