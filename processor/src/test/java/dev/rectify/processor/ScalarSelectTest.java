package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.CmpOp;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Distribution;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.support.Code;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conditions and selects in scalar loops. A condition is a 0/1 int from {@code Branchless}'s
 * comparisons ({@code x > 0} is {@code greater(x, 0)}), never a Java comparison, which is a jump in
 * bytecode; {@code x <= 1 && !(x == 3)} is the ints' {@code &} and {@code ^ 1}. A select is {@code
 * Branchless.select} of that int, which uses both arms' bits, so that an arm's random draw is made
 * for every element and the loop's cost does not depend on the signs of its input.
 */
class ScalarSelectTest {
  private static final Expr X = new Var("x");
  private static final Expr POSITIVE = new Compare(CmpOp.GT, X, Num.ZERO);
  private static final Expr DRAW = new Draw(Distribution.UNIFORM, new Num(0.125), new Num(0.5), 0);

  private static String lower(Expr e) {
    return Code.text(
        new Lowering(
                true, Map.of("x", "xv"), false, Set.of("x"), "key", "i", 1, "t", InfiniteClamp.NONE)
            .lower(e));
  }

  @Test
  void constantArms_areSelected() {
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.greater(xv, 0.0), 1.0, 0.25)",
        lower(new Select(POSITIVE, Num.ONE, new Num(0.25))));
  }

  @Test
  void conditions_areIntsFromBranchlessComparisons() {
    Expr inRange =
        new Expr.Logic(
            true,
            new Compare(CmpOp.LE, X, Num.ONE),
            new Expr.Not(new Compare(CmpOp.EQ, X, new Num(3))));
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.less(xv,"
            + " java.lang.Math.nextUp(1.0)) & (dev.rectify.math.Branchless.equal(xv, 3.0) ^ 1),"
            + " 1.0, 0.0)",
        lower(new Select(inRange, Num.ONE, Num.ZERO)));
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.greater(xv,"
            + " java.lang.Math.nextDown(0.0)) | (dev.rectify.math.Branchless.equal(xv, 0.0) ^ 1),"
            + " 1.0, 0.0)",
        lower(
            new Select(
                new Expr.Logic(
                    false, new Compare(CmpOp.GE, X, Num.ZERO), new Compare(CmpOp.NE, X, Num.ZERO)),
                Num.ONE,
                Num.ZERO)));
  }

  @Test
  void comparisonsWithTwoVariables_keepLessOrEqual_whichRulesOutNaN() {
    Expr y = new Var("y");
    String code =
        Code.text(
            new Lowering(
                    true,
                    Map.of("x", "xv", "y", "yv"),
                    false,
                    Set.of("x", "y"),
                    null,
                    null,
                    0,
                    "t",
                    InfiniteClamp.NONE)
                .lower(new Select(new Compare(CmpOp.LE, X, y), Num.ONE, Num.ZERO)));
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.lessOrEqual(xv, yv),"
            + " 1.0, 0.0)",
        code);
  }

  @Test
  void aDrawInAnArm_isSelected_andSoMadeForEveryElement() {
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.greater(xv, 0.0), 1.0,"
            + " dev.rectify.math.CounterRandom.uniform(key, i, 0.125, 0.5))",
        lower(new Select(POSITIVE, Num.ONE, DRAW)));
    assertEquals(
        "dev.rectify.math.Branchless.select(dev.rectify.math.Branchless.greater(xv, 0.0), xv,"
            + " dev.rectify.math.CounterRandom.uniform(key, i, 0.125, 0.5) * xv)",
        lower(new Select(POSITIVE, X, new Binary(Expr.Op.MUL, DRAW, X))));
  }
}
