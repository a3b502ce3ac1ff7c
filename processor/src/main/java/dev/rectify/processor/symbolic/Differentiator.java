package dev.rectify.processor.symbolic;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.CmpOp;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Logic;
import dev.rectify.processor.formula.Expr.Neg;
import dev.rectify.processor.formula.Expr.Not;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Op;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.Function;

/**
 * Symbolic differentiation. The result is unsimplified; run it through {@link Simplifier}.
 *
 * <p>Conventions at kinks, chosen to match PyTorch: a select differentiates to the derivative of
 * the branch it takes; {@code max(u, v)} takes {@code v}'s derivative when {@code u == v} (so
 * ReLU's {@code max(x, 0)} has derivative 0 at 0), {@code min(u, v)} takes {@code u}'s (so Leaky
 * ReLU's negative part {@code slope * min(x, 0)} has derivative {@code slope} at 0); {@code abs}
 * and {@code sign} use {@code sign(u)} and 0. A random draw is a constant.
 *
 * <pre>{@code
 * Expr dfdx = Differentiator.d(formula, "x");
 * }</pre>
 */
public final class Differentiator {
  private Differentiator() {}

  /** d e / d var. */
  public static Expr d(Expr e, String var) {
    if (e instanceof Num || e instanceof Draw) {
      return Num.ZERO;
    } else if (e instanceof Var) {
      return ((Var) e).name().equals(var) ? Num.ONE : Num.ZERO;
    } else if (e instanceof Neg) {
      return new Neg(d(((Neg) e).operand(), var));
    } else if (e instanceof Binary) {
      return binary((Binary) e, var);
    } else if (e instanceof Call) {
      return call((Call) e, var);
    } else if (e instanceof Select) {
      Select s = (Select) e;
      return new Select(s.condition(), d(s.then(), var), d(s.otherwise(), var));
    } else if (e instanceof Compare || e instanceof Logic || e instanceof Not) {
      throw new IllegalArgumentException("a condition has no derivative: " + e);
    }
    throw new AssertionError(e);
  }

  private static Expr binary(Binary b, String var) {
    Expr u = b.left();
    Expr v = b.right();
    Expr du = d(u, var);
    Expr dv = d(v, var);
    switch (b.op()) {
      case ADD:
        return new Binary(Op.ADD, du, dv);
      case SUB:
        return new Binary(Op.SUB, du, dv);
      case MUL: // (uv)' = u'v + uv'
        return new Binary(Op.ADD, new Binary(Op.MUL, du, v), new Binary(Op.MUL, u, dv));
      case DIV: // (u/v)' = u'/v - u v' / v^2
        return new Binary(
            Op.SUB,
            new Binary(Op.DIV, du, v),
            new Binary(Op.DIV, new Binary(Op.MUL, u, dv), new Binary(Op.POW, v, Num.TWO)));
      case POW:
        if (!Exprs.uses(v, var)) { // (u^c)' = c u^(c-1) u'
          return new Binary(
              Op.MUL,
              new Binary(Op.MUL, v, new Binary(Op.POW, u, new Binary(Op.SUB, v, Num.ONE))),
              du);
        }
        // (u^v)' = u^v (v' log u + v u' / u)
        return new Binary(
            Op.MUL,
            b,
            new Binary(
                Op.ADD,
                new Binary(Op.MUL, dv, Exprs.apply(Function.LOG, u)),
                new Binary(Op.DIV, new Binary(Op.MUL, v, du), u)));
    }
    throw new AssertionError(b);
  }

  private static Expr call(Call c, String var) {
    Expr u = c.arg(0);
    Expr du = d(u, var);
    switch (c.function()) {
      case EXP:
        return mul(c, du);
      case EXPM1:
        return mul(Exprs.apply(Function.EXP, u), du);
      case LOG:
        return new Binary(Op.DIV, du, u);
      case LOG1P:
        return new Binary(Op.DIV, du, new Binary(Op.ADD, Num.ONE, u));
      case SQRT:
        return new Binary(Op.DIV, du, new Binary(Op.MUL, Num.TWO, c));
      case ABS:
        return mul(Exprs.apply(Function.SIGN, u), du);
      case SIGN:
        return Num.ZERO;
      case TANH:
        return mul(new Binary(Op.SUB, Num.ONE, new Binary(Op.POW, c, Num.TWO)), du);
      case SIGMOID:
        return mul(mul(c, new Binary(Op.SUB, Num.ONE, c)), du);
      case SOFTPLUS:
        return mul(Exprs.apply(Function.SIGMOID, u), du);
      case ERF:
        return mul(gaussian(u), du);
      case ERFC:
        return new Neg(mul(gaussian(u), du));
      case NDTR:
        return mul(Exprs.apply(Function.NPDF, u), du);
      case NPDF: // npdf'(u) = -u npdf(u)
        return new Neg(mul(mul(u, c), du));
      case MILLS:
      case SWISH_GAIN:
      case NDTR_TIMES:
      case NDTR_SLOPE:
        throw new AssertionError(
            c.function().formulaName()
                + " is introduced by the vector lowering, after differentiation");
      case MAX:
        return new Select(new Compare(CmpOp.GT, u, c.arg(1)), du, d(c.arg(1), var));
      case MIN:
        return new Select(new Compare(CmpOp.LE, u, c.arg(1)), du, d(c.arg(1), var));
    }
    throw new AssertionError(c);
  }

  /** erf'(u) = 2 / sqrt(pi) * exp(-u^2). */
  private static Expr gaussian(Expr u) {
    return mul(
        new Num(2 / Math.sqrt(Math.PI)),
        Exprs.apply(Function.EXP, new Neg(new Binary(Op.POW, u, Num.TWO))));
  }

  private static Expr mul(Expr a, Expr b) {
    return new Binary(Op.MUL, a, b);
  }
}
