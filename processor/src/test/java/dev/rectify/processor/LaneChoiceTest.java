package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which formulas the vector kernels compute in float lanes ({@link Lowering#floatLanesSuffice}):
 * only where every function has a tier-deterministic float form and no argument's rounding is
 * magnified beyond the kernels' ulp bounds.
 */
class LaneChoiceTest {
  private static final Scope SCOPE =
      new Scope("formula", List.of("x"), false, Set.of("alpha", "beta"), true);

  @ParameterizedTest(name = "{0}: float lanes {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        // ELU and SELU forward: expm1 of min(x, 0), an exact argument
        "x > 0 ? x : alpha * expm1(min(x, 0)); true",
        // CELU: x / alpha is rounded, and expm1 magnifies that by up to |x / alpha|
        "x > 0 ? x : alpha * expm1(x / alpha); false",
        "tanh(x); true",
        // tanh's condition number is at most 1, so a rounded argument costs at most its own ulp
        "tanh(beta * x + 1); true",
        // a product with a parameter or number is held in two floats (compensatedFactor)...
        "exp(beta * x); true",
        // its negation and absolute value too, as the code takes them (Lowering.lowPart)
        "exp(-(beta * x)); true",
        "exp(-abs(1.702 * x)); true",
        "x * sigmoid(1.702 * x); true",
        // ...down to 2^-7, below which exp's subnormal range grows past what the bounds allow
        "exp(0.001 * x); false",
        // ...but not a product of two inputs' values, nor a quotient
        "exp(x * x); false",
        "exp(x / beta); false",
        "sigmoid(x); true",
        // a transcendental term in a sum may cancel
        "exp(x) + x; false",
        // SiLU's derivative does, as written, at x = -1.28; it is computed as sigmoid(beta * x)
        // swish_gain(beta * x), whose float form does not cancel (Lowering.spelledOutSwishGain)
        "sigmoid(beta * x) + x * (sigmoid(beta * x) * sigmoid(-(beta * x)) * beta); true",
        // a factor that is not u's: the sum stays
        "sigmoid(x) + 2 * x * (sigmoid(x) * sigmoid(-x)); false",
        // softplus (log1p) has no float form that gives the same bits in every JIT tier...
        "log1p(abs(x)); false",
        "softplus(x); false",
        // nor has Mish's tanh(softplus(u)), spelled out over exp(-|u|), an accurate one: its
        // six roundings after the exp cost 4.5 ulps at x = -6.77
        "x * tanh(softplus(x)); false",
      })
  void floatLanes(String formula, boolean expected) throws Exception {
    assertEquals(
        expected,
        Lowering.floatLanesSuffice(List.of(Parser.parse(formula, SCOPE)), Set.of("alpha", "beta")),
        formula);
  }
}
