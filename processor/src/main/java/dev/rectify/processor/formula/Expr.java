package dev.rectify.processor.formula;

import java.util.List;

/**
 * A formula's abstract syntax tree: a sealed interface of records, so analyses are plain static
 * functions with exhaustive {@code instanceof} chains, and structural equality comes for free (the
 * simplifier and common-subexpression elimination rely on it).
 *
 * <p>Nodes carry no source positions: names are checked while parsing, where the tokens' offsets
 * are at hand. Boolean-valued nodes ({@link Compare}, {@link Logic}, {@link Not}) only appear as
 * the condition of a {@link Select}.
 */
public sealed interface Expr
    permits Expr.Num,
        Expr.Var,
        Expr.Neg,
        Expr.Binary,
        Expr.Call,
        Expr.Select,
        Expr.Compare,
        Expr.Logic,
        Expr.Not,
        Expr.Draw {

  /** A number. */
  record Num(double value) implements Expr {
    public static final Num ZERO = new Num(0);
    public static final Num ONE = new Num(1);
    public static final Num TWO = new Num(2);
  }

  /** An input ({@code x}, {@code a}, {@code b}), the output {@code y}, or a declared parameter. */
  record Var(String name) implements Expr {}

  /** Unary minus. */
  record Neg(Expr operand) implements Expr {}

  /** An arithmetic operation. */
  record Binary(Op op, Expr left, Expr right) implements Expr {}

  /** Arithmetic operators. */
  enum Op {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    POW("^");

    public final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  /** A call of a built-in function of fixed arity. */
  record Call(Function function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    public Expr arg(int i) {
      return args.get(i);
    }
  }

  /** {@code condition ? then : otherwise}. */
  record Select(Expr condition, Expr then, Expr otherwise) implements Expr {}

  /** A comparison; boolean-valued. */
  record Compare(CmpOp op, Expr left, Expr right) implements Expr {}

  /** Comparison operators. */
  enum CmpOp {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    EQ("=="),
    NE("!=");

    public final String symbol;

    CmpOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator with the operands swapped: {@code a < b} is {@code b > a}. */
    public CmpOp flipped() {
      switch (this) {
        case LT:
          return GT;
        case LE:
          return GE;
        case GT:
          return LT;
        case GE:
          return LE;
        default:
          return this;
      }
    }

    /** The negation: {@code !(a < b)} is {@code a >= b} (for non-NaN operands). */
    public CmpOp negated() {
      switch (this) {
        case LT:
          return GE;
        case LE:
          return GT;
        case GT:
          return LE;
        case GE:
          return LT;
        case EQ:
          return NE;
        case NE:
          return EQ;
      }
      throw new AssertionError(this);
    }
  }

  /** {@code &&} or {@code ||} over boolean operands. */
  record Logic(boolean and, Expr left, Expr right) implements Expr {}

  /** Boolean negation. */
  record Not(Expr operand) implements Expr {}

  /**
   * A random draw, one per element in training mode: {@code uniform(lo, hi)} or {@code normal(mean,
   * std)}. {@code id} numbers the draws of one formula so they are independent.
   */
  record Draw(Distribution distribution, Expr p1, Expr p2, int id) implements Expr {
    /** The draw's mean, which replaces it in evaluation mode. */
    public Expr mean() {
      return distribution == Distribution.UNIFORM
          ? new Binary(Op.DIV, new Binary(Op.ADD, p1, p2), Num.TWO)
          : p1;
    }
  }

  /** Distributions of {@link Draw}. */
  enum Distribution {
    UNIFORM,
    NORMAL
  }
}
