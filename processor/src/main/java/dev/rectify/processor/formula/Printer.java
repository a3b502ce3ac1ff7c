package dev.rectify.processor.formula;

import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Distribution;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Logic;
import dev.rectify.processor.formula.Expr.Neg;
import dev.rectify.processor.formula.Expr.Not;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import java.util.StringJoiner;

/**
 * Prints an expression back in the formula language with as few parentheses as the precedence table
 * allows; {@code Parser.parse(Printer.print(e))} gives {@code e} back.
 */
public final class Printer {
  private Printer() {}

  public static String print(Expr e) {
    return print(e, Precedence.NONE);
  }

  /** A number as the lexer reads it back: {@code 2}, {@code 0.5}, {@code 1.0E-30}. */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String print(Expr e, Precedence outer) {
    Precedence own = precedence(e);
    String s = render(e);
    return own.compareTo(outer) <= 0 ? "(" + s + ")" : s;
  }

  private static String render(Expr e) {
    if (e instanceof Num) {
      double v = ((Num) e).value();
      return v < 0 || (v == 0 && 1 / v < 0) ? "-" + number(-v) : number(v);
    } else if (e instanceof Var) {
      return ((Var) e).name();
    } else if (e instanceof Neg) {
      return "-" + print(((Neg) e).operand(), Precedence.PREFIX);
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      Precedence p = precedence(b);
      if (b.op() == Expr.Op.POW) {
        // right-associative: the left operand needs parentheses at equal precedence
        return print(b.left(), p) + " ^ " + print(b.right(), Precedence.PRODUCT);
      }
      // left-associative: the right operand needs parentheses at equal precedence
      return print(b.left(), lower(p)) + " " + b.op().symbol + " " + print(b.right(), p);
    } else if (e instanceof Call) {
      Call c = (Call) e;
      StringJoiner args = new StringJoiner(", ", c.function().formulaName() + "(", ")");
      for (Expr a : c.args()) {
        args.add(print(a, Precedence.NONE));
      }
      return args.toString();
    } else if (e instanceof Select) {
      Select s = (Select) e;
      return print(s.condition(), Precedence.TERNARY)
          + " ? "
          + print(s.then(), Precedence.NONE)
          + " : "
          + print(s.otherwise(), Precedence.NONE);
    } else if (e instanceof Compare) {
      Compare c = (Compare) e;
      return print(c.left(), Precedence.COMPARISON)
          + " "
          + c.op().symbol
          + " "
          + print(c.right(), Precedence.COMPARISON);
    } else if (e instanceof Logic) {
      Logic l = (Logic) e;
      Precedence p = precedence(l);
      return print(l.left(), lower(p)) + (l.and() ? " && " : " || ") + print(l.right(), p);
    } else if (e instanceof Not) {
      return "!" + print(((Not) e).operand(), Precedence.PREFIX);
    } else if (e instanceof Draw) {
      Draw d = (Draw) e;
      return (d.distribution() == Distribution.UNIFORM ? "uniform(" : "normal(")
          + print(d.p1(), Precedence.NONE)
          + ", "
          + print(d.p2(), Precedence.NONE)
          + ")";
    }
    throw new AssertionError(e);
  }

  private static Precedence lower(Precedence p) {
    return Precedence.values()[p.ordinal() - 1];
  }

  private static Precedence precedence(Expr e) {
    if (e instanceof Num) {
      double v = ((Num) e).value();
      return v < 0 || (v == 0 && 1 / v < 0) ? Precedence.PREFIX : Precedence.ATOM;
    } else if (e instanceof Neg || e instanceof Not) {
      return Precedence.PREFIX;
    } else if (e instanceof Binary) {
      switch (((Binary) e).op()) {
        case ADD:
        case SUB:
          return Precedence.SUM;
        case MUL:
        case DIV:
          return Precedence.PRODUCT;
        case POW:
          return Precedence.POWER;
      }
    } else if (e instanceof Select) {
      return Precedence.TERNARY;
    } else if (e instanceof Compare) {
      return Precedence.COMPARISON;
    } else if (e instanceof Logic) {
      return ((Logic) e).and() ? Precedence.AND : Precedence.OR;
    } else if (e instanceof Var || e instanceof Call || e instanceof Draw) {
      return Precedence.ATOM;
    }
    throw new AssertionError(e);
  }
}
