package dev.rectify.processor.check;

import dev.rectify.math.MillsRatio;
import dev.rectify.math.SpecialFunctions;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Logic;
import dev.rectify.processor.formula.Expr.Neg;
import dev.rectify.processor.formula.Expr.Not;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import java.util.Map;

/**
 * Evaluates formulas in double precision, as the mathematics reads: a select evaluates only the
 * branch it takes, and a random draw is its mean. Used for compile-time verification and constant
 * folding; the generated float kernels are checked against the same functions in the activation
 * module's tests.
 */
public final class Interpreter {
  private Interpreter() {}

  /** The value of {@code e} with the given variables (inputs, output, parameters). */
  public static double eval(Expr e, Map<String, Double> env) {
    if (e instanceof Num) {
      return ((Num) e).value();
    } else if (e instanceof Var) {
      Double v = env.get(((Var) e).name());
      if (v == null) {
        throw new IllegalArgumentException("no value for " + ((Var) e).name());
      }
      return v;
    } else if (e instanceof Neg) {
      return -eval(((Neg) e).operand(), env);
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      return binary(b.op(), eval(b.left(), env), eval(b.right(), env));
    } else if (e instanceof Call) {
      Call c = (Call) e;
      double a0 = eval(c.arg(0), env);
      double a1 = c.args().size() > 1 ? eval(c.arg(1), env) : Double.NaN;
      return call(c.function(), a0, a1);
    } else if (e instanceof Select) {
      Select s = (Select) e;
      return condition(s.condition(), env) ? eval(s.then(), env) : eval(s.otherwise(), env);
    } else if (e instanceof Draw) {
      return eval(((Draw) e).mean(), env);
    } else if (e instanceof Compare || e instanceof Logic || e instanceof Not) {
      throw new IllegalArgumentException("a condition has no numeric value: " + e);
    }
    throw new AssertionError(e);
  }

  /** The truth of a condition. Comparisons involving NaN are false, as in Java. */
  public static boolean condition(Expr e, Map<String, Double> env) {
    if (e instanceof Compare) {
      Compare c = (Compare) e;
      return compare(c.op(), eval(c.left(), env), eval(c.right(), env));
    } else if (e instanceof Logic) {
      Logic l = (Logic) e;
      return l.and()
          ? condition(l.left(), env) && condition(l.right(), env)
          : condition(l.left(), env) || condition(l.right(), env);
    } else if (e instanceof Not) {
      return !condition(((Not) e).operand(), env);
    }
    throw new IllegalArgumentException("not a condition: " + e);
  }

  public static double binary(Expr.Op op, double l, double r) {
    switch (op) {
      case ADD:
        return l + r;
      case SUB:
        return l - r;
      case MUL:
        return l * r;
      case DIV:
        return l / r;
      case POW:
        return Math.pow(l, r);
    }
    throw new AssertionError(op);
  }

  public static boolean compare(Expr.CmpOp op, double l, double r) {
    switch (op) {
      case LT:
        return l < r;
      case LE:
        return l <= r;
      case GT:
        return l > r;
      case GE:
        return l >= r;
      case EQ:
        return l == r;
      case NE:
        return l != r;
    }
    throw new AssertionError(op);
  }

  /** A built-in function; {@code b} is the second argument of two-argument functions. */
  public static double call(dev.rectify.processor.formula.Function f, double a, double b) {
    switch (f) {
      case EXP:
        return Math.exp(a);
      case EXPM1:
        return Math.expm1(a);
      case LOG:
        return Math.log(a);
      case LOG1P:
        return Math.log1p(a);
      case SQRT:
        return Math.sqrt(a);
      case ABS:
        return Math.abs(a);
      case TANH:
        return Math.tanh(a);
      case SIGMOID:
        return SpecialFunctions.sigmoid(a);
      case SOFTPLUS:
        return SpecialFunctions.softplus(a);
      case ERF:
        return SpecialFunctions.erf(a);
      case ERFC:
        return SpecialFunctions.erfc(a);
      case NDTR:
        return SpecialFunctions.normalCdf(a);
      case NPDF:
        return SpecialFunctions.normalPdf(a);
      case MILLS:
        // the rational function generated code calls, within 1.1e-10 relative of the exact
        // ratio: tests of the spelled-out normal forms evaluate it; no check meets it
        return MillsRatio.mills(Math.min(Math.abs(a), 40));
      case NDTR_TIMES:
        // u ndtr(u), and its limits where that is -inf * 0 or NaN-free anyway
        return a == Double.NEGATIVE_INFINITY ? -0.0 : a * SpecialFunctions.normalCdf(a);
      case NDTR_SLOPE:
        // ndtr(u) + u npdf(u), whose limits at +-inf are 1 and 0 (the product is inf * 0)
        return Double.isInfinite(a)
            ? (a > 0 ? 1 : 0)
            : SpecialFunctions.normalCdf(a) + a * SpecialFunctions.normalPdf(a);
      case SWISH_GAIN:
        // 1 + a sigmoid(-a), which tests of Lowering.swishGainForm compare with the written sum;
        // its limit 1 at +inf, where a sigmoid(-a) is inf * 0
        return a == Double.POSITIVE_INFINITY ? 1 : 1 + a * SpecialFunctions.sigmoid(-a);
      case SIGN:
        return Math.signum(a);
      case MIN:
        return Math.min(a, b);
      case MAX:
        return Math.max(a, b);
    }
    throw new AssertionError(f);
  }
}
