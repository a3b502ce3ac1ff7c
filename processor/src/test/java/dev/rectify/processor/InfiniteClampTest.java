package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.check.InfiniteClamp.Condition;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.support.Code;
import dev.rectify.processor.support.Specs;
import dev.rectify.processor.symbolic.Differentiator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which side of an input {@link InfiniteClamp} clamps, and under which parameter signs: the probe
 * against the limits worked out by hand, and the Java a {@link Lowering} writes for a side that
 * depends on a sign.
 */
class InfiniteClampTest {

  @Test
  void withoutParameters_theSideIsFixed() {
    InfiniteClamp c = clamp("x * sigmoid(x)");
    assertTrue(c.clamps("x", false)); // -inf * sigmoid(-inf) = -inf * 0
    assertFalse(c.clamps("x", true)); // inf * 1
    assertTrue(c.when("x", false).always());
  }

  @Test
  void aParameterSign_movesTheSide() {
    // beta > 0: inf * 0 at x = -inf; beta < 0: at x = +inf
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", constant("beta", 1));
    assertTrue(c.clamps("x", false));
    assertTrue(c.clamps("x", true));
    assertEquals(List.of(Map.of("beta", false)), c.when("x", false).anyOf());
    assertEquals(List.of(Map.of("beta", true)), c.when("x", true).anyOf());
  }

  @Test
  void aNegativeDefault_isProbedAsItIs_andWithTheOtherSign() {
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", constant("beta", -2));
    assertEquals(List.of(Map.of("beta", false)), c.when("x", false).anyOf());
    assertEquals(List.of(Map.of("beta", true)), c.when("x", true).anyOf());
  }

  @Test
  void twoParameters_theirSignsTogether() {
    // the product's sign decides: the side is -inf where a and b have the same sign
    InfiniteClamp c =
        clamp("x * sigmoid(a * b * x)", constant("a", 1), constant("b", 1), constant("k", 3));
    Condition below = c.when("x", false);
    assertEquals(
        Set.of(Map.of("a", false, "b", false), Map.of("a", true, "b", true)),
        Set.copyOf(below.anyOf()),
        "k takes no part: its sign changes nothing");
  }

  @Test
  void aParameterThatDoesNotMoveTheSide_leavesItUnconditional() {
    InfiniteClamp c = clamp("k * x * sigmoid(x)", constant("k", 2));
    assertTrue(c.clamps("x", false));
    assertTrue(c.when("x", false).always());
    assertFalse(c.clamps("x", true));
  }

  @Test
  void aLearnableParameter_staysAtItsDefault() {
    // training may change its sign, which the condition tested once per call could not follow
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", new ParamSpec("beta", 1, true, false, null));
    assertTrue(c.clamps("x", false));
    assertTrue(c.when("x", false).always());
    assertFalse(c.clamps("x", true));
  }

  @Test
  void theDerivative_clampsBothSides_forEverySign() {
    String f = "x * sigmoid(beta * x)";
    Expr g = Differentiator.d(parse(f, "beta"), "x");
    InfiniteClamp c = clamp(f, List.of(g), constant("beta", 1));
    assertTrue(c.clamps("x", false));
    assertTrue(c.clamps("x", true));
    assertTrue(c.when("x", false).always());
    assertTrue(c.when("x", true).always());
  }

  @Test
  void theLowering_declaresTheBounds_andClampsToThem() {
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", constant("beta", 1));
    Map<String, String> names = names("beta");
    Lowering scalar = new Lowering(true, names, false, Set.of("x"), null, null, 0, "t", c);
    assertEquals(
        List.of(
            "double xFloor = this.beta >= 0 ? -INPUT_LIMIT : java.lang.Double.NEGATIVE_INFINITY",
            "double xCeiling = this.beta < 0 ? INPUT_LIMIT : java.lang.Double.POSITIVE_INFINITY"),
        scalar.clampBounds().stream().map(Code::text).collect(Collectors.toList()));
    assertEquals(
        "java.lang.Math.max(xFloor, java.lang.Math.min(x, xCeiling))",
        Code.text(scalar.input("x", "x")));

    Lowering floatLanes =
        Lowering.vector(false, names, false, Set.of("x"), Set.of("x"), "FLOATS", "t", c);
    assertEquals(
        "float xFloor = this.beta >= 0 ? -java.lang.Float.MAX_VALUE"
            + " : java.lang.Float.NEGATIVE_INFINITY",
        Code.text(floatLanes.clampBounds().get(0)));
    String read = Code.text(floatLanes.input("x", "xv"));
    assertTrue(read.contains("xv.blend(xFloor, xv.compare("), read);
    assertTrue(read.contains(".blend(xCeiling, xv.compare("), read);
  }

  @Test
  void anUnconditionalClamp_declaresNoBounds() {
    InfiniteClamp c = clamp("x * sigmoid(x)");
    Lowering l = new Lowering(true, Map.of("x", "xv"), false, Set.of("x"), null, null, 0, "t", c);
    assertTrue(l.clampBounds().isEmpty());
    assertEquals("java.lang.Math.max(x, -INPUT_LIMIT)", Code.text(l.input("x", "x")));
  }

  @Test
  void twoParameters_theGeneratedCondition_isTheSameInEveryBuild() {
    // a fresh JVM orders Map.of's entries anew; the condition is written in the parameters' order
    InfiniteClamp c = clamp("x * sigmoid(b * a * x)", constant("b", 1), constant("a", 1));
    Map<String, String> names = names("a", "b");
    Lowering l = new Lowering(true, names, false, Set.of("x"), null, null, 0, "t", c);
    assertEquals(
        "double xFloor = (this.a >= 0 && this.b >= 0) || (this.a < 0 && this.b < 0)"
            + " ? -INPUT_LIMIT : java.lang.Double.NEGATIVE_INFINITY",
        Code.text(l.clampBounds().get(0)));
  }

  @Test
  void aZeroDefault_isProbedAtZeroAndMinusOne() {
    // at beta = 0, beta * x is 0 * inf on both sides; at -1 only +inf is inf * 0
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", constant("beta", 0));
    assertEquals(List.of(Map.of("beta", false)), c.when("x", false).anyOf());
    assertTrue(c.when("x", true).always());
  }

  @Test
  void parametersTheFormulaDoesNotRead_takeNoSignedSlot() {
    // six unread parameters first: beta, the seventh, is still probed with both signs
    List<ParamSpec> params = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      params.add(constant("p" + k, 1));
    }
    params.add(constant("beta", 1));
    InfiniteClamp c = clamp("x * sigmoid(beta * x)", params.toArray(new ParamSpec[0]));
    assertEquals(List.of(Map.of("beta", true)), c.when("x", true).anyOf());
  }

  /** The Java names of x ({@code xv}), of {@code params} (their own) and of x's clamp bounds. */
  private static Map<String, String> names(String... params) {
    Map<String, String> names = new HashMap<>();
    names.put("x", "xv");
    for (String p : params) {
      names.put(p, p);
    }
    names.put(Lowering.boundKey("x", false), "xFloor");
    names.put(Lowering.boundKey("x", true), "xCeiling");
    return names;
  }

  private static ParamSpec constant(String name, double value) {
    return new ParamSpec(name, value, false, false, null);
  }

  private static InfiniteClamp clamp(String formula, ParamSpec... params) {
    return clamp(formula, List.of(), params);
  }

  /** The clamp of the forward {@code formula} and {@code more} kernels' expressions. */
  private static InfiniteClamp clamp(String formula, List<Expr> more, ParamSpec... params) {
    String[] names = new String[params.length];
    for (int i = 0; i < params.length; i++) {
      names[i] = params[i].name();
    }
    Expr f = parse(formula, names);
    List<Expr> exprs = new ArrayList<>(List.of(f));
    exprs.addAll(more);
    return InfiniteClamp.of(
        Specs.formula("clamped", "Clamped", formula, List.of(params)), List.of("x"), f, exprs);
  }

  private static Expr parse(String formula, String... params) {
    try {
      return Parser.parse(formula, new Scope("formula", List.of("x"), false, Set.of(params), true));
    } catch (Exception e) {
      throw new AssertionError(formula, e);
    }
  }
}
