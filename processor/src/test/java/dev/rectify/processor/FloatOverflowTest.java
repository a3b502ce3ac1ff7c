package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.FloatOverflow;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The probe that keeps plain arithmetic out of float lanes where an intermediate would overflow
 * float on the way to a finite result, and the reassociation that float lanes compute instead.
 */
class FloatOverflowTest {
  private static final Scope FORMULA = new Scope("formula", List.of("x"), false, Set.of("k"), true);

  private static Expr parse(String formula) throws Exception {
    return Simplifier.simplifyAll(Parser.parse(formula, FORMULA));
  }

  private static boolean overflows(Expr e, Map<String, Double> params) {
    return FloatOverflow.inIntermediates(params, List.of("x"), e, List.of(e));
  }

  @Test
  void sigmoidOfOneProduct_saturatesInFloatLanes_aLongerArgumentDoesNot() throws Exception {
    // at x = 1e38, 1.702 x is inf in float and sigmoid(inf) = 1, as in double
    assertFalse(overflows(parse("x * sigmoid(1.702 * x)"), Map.of()));
    assertFalse(overflows(parse("tanh(-(k * x))"), Map.of("k", 3.0)));
    // x * 6 / 6 is 1e38 in double and inf in float: sigmoid would be 1 instead of sigmoid(1e38),
    // the same here, but the rule does not look inside a longer argument
    assertTrue(overflows(parse("x * sigmoid(2 * x + 1)"), Map.of()));
  }

  @Test
  void hardswish_overflowsAsWritten_notAfterDividingFirst() throws Exception {
    Expr written = parse("x * relu6(x + 3) / 6");
    assertTrue(overflows(written, Map.of())); // 6e38 on the way to 1e38
    Expr divided = Lowering.divideBeforeMultiplying(written);
    assertEquals("x * (min(max(x + 3, 0), 6) / 6)", Printer.print(divided));
    assertFalse(overflows(divided, Map.of()));
  }

  @Test
  void aResultBeyondFloat_isNoReasonForDouble() throws Exception {
    // relu(x)^2 overflows at 1e20 in float and in double alike: the float kernel's inf is right
    assertFalse(overflows(parse("max(x, 0) * max(x, 0)"), Map.of()));
    assertFalse(overflows(parse("x / (1 + abs(x))"), Map.of()));
  }

  @Test
  void aSquareThatOverflowsBeforeShrinking_isFound() throws Exception {
    // at x = 1e20: x * x = 1e40 (no float), / 1e10 = 1e30 (a float)
    assertTrue(overflows(parse("x * x / 1e10"), Map.of()));
  }

  @Test
  void parametersTakeTheirDefaults() throws Exception {
    assertTrue(overflows(parse("x * k / 1e10"), Map.of("k", 1e10)));
    assertFalse(overflows(parse("x * k / 1e10"), Map.of("k", 1.0)));
  }

  @Test
  void onlyTheArmASelectTakes_counts() throws Exception {
    // ELU: expm1(x) is inf at x = 1e38 in the arm the select discards; computing it is harmless
    Expr elu = parse("x > 0 ? x : k * expm1(x)");
    assertFalse(overflows(elu, Map.of("k", 1.0)));
    // the taken arm is probed as before: at x = -1e20, x * x = 1e40 on the way to 1e30
    assertTrue(overflows(parse("x > 0 ? x : x * x / 1e10"), Map.of()));
  }
}
