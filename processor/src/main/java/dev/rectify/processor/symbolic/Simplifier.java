package dev.rectify.processor.symbolic;

import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.CmpOp;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Logic;
import dev.rectify.processor.formula.Expr.Neg;
import dev.rectify.processor.formula.Expr.Not;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Op;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.formula.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simplifies expressions bottom-up: constant folding, algebraic identities, select normalisation
 * (which the storage analysis relies on to see that Leaky ReLU's derivative is {@code x > 0 ? 1 :
 * slope}), and the numerically stable rewrites that keep float kernels accurate ({@code exp(u) - 1
 * -> expm1(u)}, {@code log(1 + exp(u)) -> softplus(u)}, {@code 1 + tanh(u) -> 2 * sigmoid(2 * u)},
 * ...). Each stable rewrite applied is recorded in {@link #rewrites()} for the generated javadoc.
 *
 * <pre>{@code
 * Simplifier s = new Simplifier(Set.of("x"));
 * Expr e = s.simplify(parsed);   // s.rewrites(): ["log(1 + exp(x)) -> softplus(x)"]
 * }</pre>
 */
public final class Simplifier {
  private final Set<String> inputs;
  private final List<String> rewrites = new ArrayList<>();

  /**
   * @param inputs the names that vary per element ({@code x}, {@code a}, {@code b}, {@code y})
   */
  public Simplifier(Set<String> inputs) {
    this.inputs = Set.copyOf(inputs);
  }

  /** Simplifies with the inputs {@code x}, {@code a}, {@code b} and {@code y}. */
  public static Expr simplifyAll(Expr e) {
    return new Simplifier(Set.of("x", "a", "b", "y")).simplify(e);
  }

  /** The stable rewrites applied so far, one line each, without duplicates. */
  public List<String> rewrites() {
    return List.copyOf(rewrites);
  }

  public Expr simplify(Expr e) {
    Expr s = Exprs.mapChildren(e, this::simplify);
    // Apply node rules until nothing changes; each rule strictly shrinks or canonicalises.
    for (int i = 0; i < 16; i++) {
      Expr next = rule(s);
      if (next.equals(s)) {
        return s;
      }
      s = Exprs.mapChildren(next, this::simplify);
    }
    return s;
  }

  /** Whether {@code e} is the same for every element: no inputs and no draws. */
  public boolean isUniform(Expr e) {
    for (String v : Exprs.variables(e)) {
      if (inputs.contains(v)) {
        return false;
      }
    }
    return !Exprs.hasDraws(e);
  }

  private Expr rule(Expr e) {
    if (e instanceof Neg) {
      return neg((Neg) e);
    } else if (e instanceof Binary) {
      return binary((Binary) e);
    } else if (e instanceof Call) {
      return call((Call) e);
    } else if (e instanceof Select) {
      return select((Select) e);
    } else if (e instanceof Compare) {
      return compare((Compare) e);
    } else if (e instanceof Not) {
      Expr o = ((Not) e).operand();
      if (o instanceof Not) {
        return ((Not) o).operand();
      }
      return e;
    }
    return e;
  }

  private Expr neg(Neg n) {
    Expr o = n.operand();
    if (o instanceof Num) {
      return number(-((Num) o).value());
    }
    if (o instanceof Neg) {
      return ((Neg) o).operand();
    }
    if (o instanceof Binary && ((Binary) o).op() == Op.SUB) {
      return new Binary(Op.SUB, ((Binary) o).right(), ((Binary) o).left());
    }
    return n;
  }

  private Expr binary(Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    if (l instanceof Num && r instanceof Num) {
      // Fold only to a finite value: an infinity (1 / 0) stays written out, so it prints and
      // lowers to valid source. A zero folds to +0, the sign of a constant zero being noise that
      // would keep equal branches from comparing equal.
      double v = Interpreter.binary(b.op(), num(l), num(r));
      return Double.isFinite(v) ? number(v) : b;
    }
    switch (b.op()) {
      case ADD:
        if (isNum(l, 0)) {
          return r;
        }
        if (isNum(r, 0)) {
          return l;
        }
        if (r instanceof Neg) {
          return new Binary(Op.SUB, l, ((Neg) r).operand());
        }
        if (r instanceof Num && num(r) < 0) {
          return new Binary(Op.SUB, l, new Num(-num(r)));
        }
        if (l instanceof Neg) {
          return new Binary(Op.SUB, r, ((Neg) l).operand());
        }
        if (l.equals(r)) {
          return new Binary(Op.MUL, Num.TWO, l);
        }
        if (isNum(l, 1) && isCall(r, Function.ERF)) {
          return stable(b, Exprs.apply(Function.ERFC, new Neg(((Call) r).arg(0))));
        }
        if (isNum(r, 1) && isCall(l, Function.ERF)) {
          return stable(b, Exprs.apply(Function.ERFC, new Neg(((Call) l).arg(0))));
        }
        if (isNum(l, 1) && isCall(r, Function.TANH)) {
          return stable(b, twiceSigmoid(((Call) r).arg(0)));
        }
        if (isNum(r, 1) && isCall(l, Function.TANH)) {
          return stable(b, twiceSigmoid(((Call) l).arg(0)));
        }
        return liftIntoSelects(b);
      case SUB:
        if (isNum(r, 0)) {
          return l;
        }
        if (isNum(l, 0)) {
          return new Neg(r);
        }
        if (l.equals(r)) {
          return Num.ZERO;
        }
        if (r instanceof Neg) {
          return new Binary(Op.ADD, l, ((Neg) r).operand());
        }
        if (isCall(l, Function.EXP) && isNum(r, 1)) {
          return stable(b, Exprs.apply(Function.EXPM1, ((Call) l).arg(0)));
        }
        if (isNum(l, 1) && isCall(r, Function.ERF)) {
          return stable(b, Exprs.apply(Function.ERFC, ((Call) r).arg(0)));
        }
        if (isNum(l, 1) && isCall(r, Function.TANH)) {
          return stable(b, twiceSigmoid(new Neg(((Call) r).arg(0))));
        }
        if (isNum(l, 1) && isCall(r, Function.SIGMOID)) {
          // 1 - sigmoid(u) = sigmoid(-u): the left side keeps only absolute accuracy for u >> 0
          // (GLU's sigmoid'(b) lost 10 float ulps at b = 22).
          return stable(b, Exprs.apply(Function.SIGMOID, new Neg(((Call) r).arg(0))));
        }
        if (isNum(l, 1) && Exprs.smallPower(r) == 2) {
          // 1 - u^2 cancels as |u| -> 1 (tanh's 1 - y^2 loses all bits once y rounds near 1);
          // (1 - u)(1 + u) is exact in its first factor there (Sterbenz).
          Expr u = ((Binary) r).left();
          return stable(
              b,
              new Binary(Op.MUL, new Binary(Op.SUB, Num.ONE, u), new Binary(Op.ADD, Num.ONE, u)));
        }
        return liftIntoSelects(b);
      case MUL:
        if (isNum(l, 0) || isNum(r, 0)) {
          return Num.ZERO;
        }
        if (isNum(l, 1)) {
          return r;
        }
        if (isNum(r, 1)) {
          return l;
        }
        if (isNum(l, -1)) {
          return new Neg(r);
        }
        if (isNum(r, -1)) {
          return new Neg(l);
        }
        if (l instanceof Neg) {
          return new Neg(new Binary(Op.MUL, ((Neg) l).operand(), r));
        }
        if (r instanceof Neg) {
          return new Neg(new Binary(Op.MUL, l, ((Neg) r).operand()));
        }
        if (r instanceof Num && !(l instanceof Num)) {
          return new Binary(Op.MUL, r, l); // constants first: 2 * x
        }
        if (l instanceof Num && num(l) < 0) {
          return new Neg(new Binary(Op.MUL, new Num(-num(l)), r));
        }
        if (l instanceof Num
            && r instanceof Binary
            && ((Binary) r).op() == Op.MUL
            && ((Binary) r).left() instanceof Num) {
          Binary rb = (Binary) r;
          return new Binary(Op.MUL, new Num(num(l) * num(rb.left())), rb.right());
        }
        if (isScaled(l) && isScaled(r)) {
          // (c1 u)(c2 v) = (c1 c2)(u v): GELU's 0.5 x (2 ndtr(x)) is x ndtr(x)
          Binary lb = (Binary) l;
          Binary rb = (Binary) r;
          return new Binary(
              Op.MUL,
              new Num(num(lb.left()) * num(rb.left())),
              new Binary(Op.MUL, lb.right(), rb.right()));
        }
        return liftIntoSelects(b);
      case DIV:
        if (isNum(l, 0)) {
          return Num.ZERO;
        }
        if (isNum(r, 1)) {
          return l;
        }
        if (r instanceof Num && num(r) != 0 && isExactReciprocal(num(r))) {
          return new Binary(Op.MUL, new Num(1 / num(r)), l);
        }
        if (l instanceof Binary && ((Binary) l).op() == Op.MUL) {
          Binary product = (Binary) l; // (u * v) / v = u: Softplus's sigmoid(beta x) * beta / beta
          if (product.right().equals(r)) {
            return product.left();
          }
          if (product.left().equals(r)) {
            return product.right();
          }
        }
        if (isNum(l, 1) && isSigmoidDenominator(r) != null) {
          return stable(b, Exprs.apply(Function.SIGMOID, isSigmoidDenominator(r)));
        }
        return liftIntoSelects(b);
      case POW:
        if (isNum(r, 1)) {
          return l;
        }
        if (isNum(r, 0)) {
          return Num.ONE;
        }
        if (isNum(r, 0.5)) {
          return Exprs.apply(Function.SQRT, l);
        }
        if (l instanceof Neg && r instanceof Num && num(r) % 2 == 0) {
          return new Binary(Op.POW, ((Neg) l).operand(), r); // (-u)^2 = u^2
        }
        return b;
    }
    throw new AssertionError(b);
  }

  private Expr call(Call c) {
    boolean constant = true;
    for (Expr a : c.args()) {
      constant &= a instanceof Num;
    }
    if (constant) {
      double a0 = num(c.arg(0));
      double a1 = c.args().size() > 1 ? num(c.arg(1)) : Double.NaN;
      double v = Interpreter.call(c.function(), a0, a1);
      if (Double.isFinite(v)) {
        return number(v);
      }
    }
    Expr a = c.arg(0);
    switch (c.function()) {
      case LOG:
        if (a instanceof Binary && ((Binary) a).op() == Op.ADD) {
          Binary s = (Binary) a;
          if (isNum(s.left(), 1)) {
            return stable(c, Exprs.apply(Function.LOG1P, s.right()));
          }
          if (isNum(s.right(), 1)) {
            return stable(c, Exprs.apply(Function.LOG1P, s.left()));
          }
        }
        if (isCall(a, Function.SIGMOID)) {
          return stable(c, new Neg(Exprs.apply(Function.SOFTPLUS, new Neg(((Call) a).arg(0)))));
        }
        if (isCall(a, Function.EXP)) {
          return ((Call) a).arg(0);
        }
        return c;
      case LOG1P:
        if (isCall(a, Function.EXP)) {
          return stable(c, Exprs.apply(Function.SOFTPLUS, ((Call) a).arg(0)));
        }
        return c;
      case ERFC:
        {
          // erfc(-v / sqrt 2) = 2 ndtr(v): ndtr takes v itself, where erfc would amplify the
          // rounding of v / sqrt 2 by about v^2 (GELU's tail)
          Expr v = a instanceof Neg ? overSqrt2(((Neg) a).operand()) : null;
          if (v != null) {
            return stable(c, new Binary(Op.MUL, Num.TWO, Exprs.apply(Function.NDTR, v)));
          }
          v = overSqrt2(a);
          if (v != null) {
            return stable(c, new Binary(Op.MUL, Num.TWO, Exprs.apply(Function.NDTR, new Neg(v))));
          }
          return c;
        }
      case MAX:
      case MIN:
        if (c.arg(0).equals(c.arg(1))) {
          return c.arg(0);
        }
        return c;
      default:
        return c;
    }
  }

  /**
   * Brings a comparison with a constant to the input itself, so that a kink is decided on x as the
   * mathematics reads and not on a rounded intermediate: {@code max(u, 0) <= 6} is {@code u <= 6},
   * and {@code x + 3 <= 6} is {@code x <= 3} (in float, 3.0000002 + 3 rounds to 6, which would put
   * Hardsigmoid's kink one ulp to the right of 3). Offsets are moved only when the new bound is
   * exact in float, the precision the kernels may compare in.
   */
  private Expr compare(Compare c) {
    if (c.left() instanceof Num && !(c.right() instanceof Num)) {
      return new Compare(c.op().flipped(), c.right(), c.left());
    }
    if (!(c.right() instanceof Num)) {
      return c;
    }
    double d = num(c.right());
    CmpOp op = c.op();
    Expr u = c.left();
    // max(u, k) < d with k < d is u < d; min(u, k) > d with k > d is u > d (NaN: both false).
    boolean below = op == CmpOp.LT || op == CmpOp.LE;
    boolean above = op == CmpOp.GT || op == CmpOp.GE;
    if (u instanceof Call && ((Call) u).args().size() == 2 && ((Call) u).arg(1) instanceof Num) {
      Call bound = (Call) u;
      double k = num(bound.arg(1));
      if ((below && bound.function() == Function.MAX || above && bound.function() == Function.MIN)
          && Interpreter.compare(op, k, d)) {
        return new Compare(op, bound.arg(0), c.right());
      }
    }
    if (u instanceof Binary
        && ((Binary) u).right() instanceof Num
        && (((Binary) u).op() == Op.ADD || ((Binary) u).op() == Op.SUB)) {
      Binary sum = (Binary) u;
      double k = ((Binary) u).op() == Op.ADD ? num(sum.right()) : -num(sum.right());
      double moved = d - k;
      if (moved + k == d && (float) moved == moved) {
        return new Compare(op, sum.left(), new Num(moved));
      }
    }
    return c;
  }

  private Expr select(Select s) {
    Boolean known = constantCondition(s.condition());
    if (known != null) {
      return known ? s.then() : s.otherwise();
    }
    if (s.then().equals(s.otherwise())) {
      return s.then();
    }
    // c1 ? (c2 ? A : B) : B  ->  (c1 && c2) ? A : B
    if (s.then() instanceof Select) {
      Select inner = (Select) s.then();
      if (inner.otherwise().equals(s.otherwise())) {
        return new Select(
            new Logic(true, s.condition(), inner.condition()), inner.then(), s.otherwise());
      }
    }
    // c1 ? A : (c2 ? A : B)  ->  (c1 || c2) ? A : B
    if (s.otherwise() instanceof Select) {
      Select inner = (Select) s.otherwise();
      if (inner.then().equals(s.then())) {
        return new Select(
            new Logic(false, s.condition(), inner.condition()), s.then(), inner.otherwise());
      }
    }
    return s;
  }

  /**
   * Moves arithmetic with element-independent operands into selects, and merges two selects on the
   * same or complementary conditions, so that a piecewise-constant derivative ends up as one select
   * of two constants: {@code (x > 0 ? 1 : 0) + s * (x <= 0 ? 1 : 0)} becomes {@code x > 0 ? 1 : s}.
   */
  private Expr liftIntoSelects(Binary b) {
    Expr l = b.left();
    Expr r = b.right();
    if (l instanceof Select && r instanceof Select) {
      Select sl = (Select) l;
      Select sr = (Select) r;
      // Merging keeps the number of leaves, so it cannot blow the expression up.
      if (sl.condition().equals(sr.condition())) {
        return new Select(
            sl.condition(),
            new Binary(b.op(), sl.then(), sr.then()),
            new Binary(b.op(), sl.otherwise(), sr.otherwise()));
      }
      if (complementary(sl.condition(), sr.condition())) {
        return new Select(
            sl.condition(),
            new Binary(b.op(), sl.then(), sr.otherwise()),
            new Binary(b.op(), sl.otherwise(), sr.then()));
      }
      return b;
    }
    // k * (c ? 1 : 0) = c ? k : 0 for any k: only selects of constants take the operand in, so an
    // expression is never copied into both branches of a select that computes something.
    if (l instanceof Select && isUniformSelect((Select) l)) {
      Select sl = (Select) l;
      return new Select(
          sl.condition(), new Binary(b.op(), sl.then(), r), new Binary(b.op(), sl.otherwise(), r));
    }
    if (r instanceof Select && isUniformSelect((Select) r)) {
      Select sr = (Select) r;
      return new Select(
          sr.condition(), new Binary(b.op(), l, sr.then()), new Binary(b.op(), l, sr.otherwise()));
    }
    return b;
  }

  private boolean isUniformSelect(Select s) {
    return isUniform(s.then()) && isUniform(s.otherwise());
  }

  /**
   * {@code u > v} and {@code u <= v} (or {@code v >= u}) exclude each other and cover all non-NaN.
   */
  private static boolean complementary(Expr c1, Expr c2) {
    if (c1 instanceof Compare && c2 instanceof Compare) {
      Compare a = (Compare) c1;
      Compare b = (Compare) c2;
      if (a.left().equals(b.left()) && a.right().equals(b.right())) {
        return b.op() == a.op().negated();
      }
      if (a.left().equals(b.right()) && a.right().equals(b.left())) {
        return b.op().flipped() == a.op().negated();
      }
    }
    return c1 instanceof Not && ((Not) c1).operand().equals(c2)
        || c2 instanceof Not && ((Not) c2).operand().equals(c1);
  }

  /** The truth of a condition over constants, or null when it depends on variables. */
  private static Boolean constantCondition(Expr c) {
    if (c instanceof Compare) {
      Compare cmp = (Compare) c;
      if (cmp.left() instanceof Num && cmp.right() instanceof Num) {
        return Interpreter.compare(cmp.op(), num(cmp.left()), num(cmp.right()));
      }
      return null;
    }
    try {
      if (Exprs.variables(c).isEmpty() && !Exprs.hasDraws(c)) {
        return Interpreter.condition(c, Map.of());
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /**
   * {@code 1 + tanh(u) = 2 sigmoid(2u)}: the left side cancels completely once tanh(u) rounds to -1
   * (u &lt; -19 in double), which zeroes the tanh form of GELU for x &lt; -5.6 where the true value
   * is still a normal float; the sigmoid keeps its relative accuracy down to subnormals.
   */
  private static Expr twiceSigmoid(Expr u) {
    return new Binary(
        Op.MUL, Num.TWO, Exprs.apply(Function.SIGMOID, new Binary(Op.MUL, Num.TWO, u)));
  }

  /** {@code 1 + exp(-u)} gives u; else null. */
  private static Expr isSigmoidDenominator(Expr d) {
    if (d instanceof Binary && ((Binary) d).op() == Op.ADD) {
      Binary s = (Binary) d;
      Expr other = isNum(s.left(), 1) ? s.right() : isNum(s.right(), 1) ? s.left() : null;
      if (isCall(other, Function.EXP)) {
        Expr arg = ((Call) other).arg(0);
        return arg instanceof Neg ? ((Neg) arg).operand() : new Neg(arg);
      }
    }
    return null;
  }

  private Expr stable(Expr from, Expr to) {
    String line = Printer.print(from) + " -> " + Printer.print(to);
    if (!rewrites.contains(line)) {
      rewrites.add(line);
    }
    return to;
  }

  private static boolean isExactReciprocal(double v) {
    // x / 4 == x * 0.25 exactly; x / 3 is not x * (1/3), so only powers of two are rewritten.
    return Math.getExponent(v) > Double.MIN_EXPONENT && v == Math.scalb(1.0, Math.getExponent(v))
        || -v == Math.scalb(1.0, Math.getExponent(v));
  }

  /** A folded constant; zeros of either sign become +0. */
  private static Num number(double v) {
    return v == 0 ? Num.ZERO : new Num(v);
  }

  private static boolean isNum(Expr e, double v) {
    return e instanceof Num && ((Num) e).value() == v;
  }

  private static double num(Expr e) {
    return ((Num) e).value();
  }

  /** Whether {@code e} is a number times something else, {@code c * u}. */
  private static boolean isScaled(Expr e) {
    return e instanceof Binary
        && ((Binary) e).op() == Op.MUL
        && ((Binary) e).left() instanceof Num
        && !(((Binary) e).right() instanceof Num);
  }

  /** v if {@code e} is {@code v / sqrt(2)} or {@code (1 / sqrt 2) v}, to the double; else null. */
  private static Expr overSqrt2(Expr e) {
    if (!(e instanceof Binary)) {
      return null;
    }
    Binary b = (Binary) e;
    if (b.op() == Op.DIV && b.right() instanceof Num && isNear(num(b.right()), Math.sqrt(2))) {
      return b.left();
    }
    if (b.op() == Op.MUL && b.left() instanceof Num && isNear(num(b.left()), Math.sqrt(0.5))) {
      return b.right();
    }
    return null;
  }

  /** Whether {@code v} is {@code target} or a neighbour: the constant, folded either way. */
  private static boolean isNear(double v, double target) {
    return Math.abs(v - target) <= Math.ulp(target);
  }

  private static boolean isCall(Expr e, Function f) {
    return e instanceof Call && ((Call) e).function() == f;
  }
}
