package dev.rectify.processor;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.CmpOp;
import dev.rectify.processor.formula.Expr.Compare;
import dev.rectify.processor.formula.Expr.Distribution;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Logic;
import dev.rectify.processor.formula.Expr.Neg;
import dev.rectify.processor.formula.Expr.Not;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Op;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.symbolic.Exprs;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random expression trees for the property tests, over the input {@code x} and one parameter {@code
 * k}. Trees are built in the parser's normal form (non-negative literals, conditions only under a
 * select, draws numbered in the order the parser numbers them), so that the same trees serve the
 * printer round trip, the simplifier and the differentiator.
 */
final class ExprArbitraries {
  private ExprArbitraries() {}

  /** The smooth core functions defined on the whole real line. */
  static final List<Function> SMOOTH_EVERYWHERE =
      List.of(
          Function.EXP,
          Function.EXPM1,
          Function.TANH,
          Function.SIGMOID,
          Function.SOFTPLUS,
          Function.ERF,
          Function.ERFC);

  /** The smooth core functions that need a positive argument. */
  static final List<Function> SMOOTH_ON_POSITIVES =
      List.of(Function.LOG, Function.LOG1P, Function.SQRT);

  /** Literals the generated trees use; points of evaluation avoid them, so no ties occur. */
  private static Arbitrary<Expr> literal() {
    return Arbitraries.of(0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0).map(Num::new);
  }

  private static Arbitrary<Expr> leaf() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, literal()),
        Tuple.of(4, Arbitraries.just(new Var("x"))),
        Tuple.of(1, Arbitraries.just(new Var("k"))));
  }

  /**
   * A tree that is infinitely differentiable everywhere: every division, logarithm, square root and
   * fractional power is taken of a positive value ({@code softplus(u) + 0.1} or {@code exp(u)}), so
   * finite differences apply at every point where the values stay moderate.
   */
  static Arbitrary<Expr> smooth(int depth) {
    if (depth == 0) {
      return leaf();
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> smooth(depth - 1));
    Arbitrary<Expr> positive = positive(sub);
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf()),
        Tuple.of(1, sub.map(Neg::new)),
        Tuple.of(
            4,
            Combinators.combine(Arbitraries.of(Op.ADD, Op.SUB, Op.MUL), sub, sub).as(Binary::new)),
        Tuple.of(1, Combinators.combine(sub, positive).as((u, v) -> new Binary(Op.DIV, u, v))),
        Tuple.of(
            1,
            Combinators.combine(sub, Arbitraries.of(2.0, 3.0))
                .as((u, n) -> new Binary(Op.POW, u, new Num(n)))),
        Tuple.of(
            1,
            Combinators.combine(positive, Arbitraries.of(0.5, 1.5, 2.5))
                .as((u, n) -> new Binary(Op.POW, u, new Num(n)))),
        Tuple.of(
            4,
            Combinators.combine(Arbitraries.of(SMOOTH_EVERYWHERE), sub)
                .as((f, u) -> new Call(f, List.of(u)))),
        Tuple.of(
            2,
            Combinators.combine(Arbitraries.of(SMOOTH_ON_POSITIVES), positive)
                .as((f, u) -> new Call(f, List.of(u)))));
  }

  /** {@code softplus(u) + 0.1} or {@code exp(u)}: positive and smooth for every u. */
  private static Arbitrary<Expr> positive(Arbitrary<Expr> sub) {
    return Combinators.combine(Arbitraries.of(true, false), sub)
        .as(
            (soft, u) ->
                soft
                    ? new Binary(Op.ADD, new Call(Function.SOFTPLUS, List.of(u)), new Num(0.1))
                    : new Call(Function.EXP, List.of(u)));
  }

  /**
   * A numeric tree using every node type and every function, with arbitrary domains (NaN and
   * infinities can occur). Conditions compare {@code x} or {@code k} with a literal, so that
   * re-associating arithmetic can never flip a branch.
   */
  static Arbitrary<Expr> any(int depth) {
    return any(depth, true).map(ExprArbitraries::renumberDraws);
  }

  private static Arbitrary<Expr> any(int depth, boolean draws) {
    if (depth == 0) {
      return leaf();
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> any(depth - 1, draws));
    Arbitrary<Expr> drawArb =
        Combinators.combine(Arbitraries.of(Distribution.values()), sub, sub)
            .as((d, p1, p2) -> new Draw(d, p1, p2, 0));
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf()),
        Tuple.of(1, sub.map(Neg::new)),
        Tuple.of(4, Combinators.combine(Arbitraries.of(Op.values()), sub, sub).as(Binary::new)),
        Tuple.of(
            3,
            Combinators.combine(
                    Arbitraries.of(Function.values())
                        .filter(f -> f.arity == 1 && f.isInFormulaLanguage()),
                    sub)
                .as((f, u) -> new Call(f, List.of(u)))),
        Tuple.of(
            1,
            Combinators.combine(Arbitraries.of(Function.MIN, Function.MAX), sub, sub)
                .as((f, u, v) -> new Call(f, List.of(u, v)))),
        Tuple.of(2, Combinators.combine(condition(2), sub, sub).as(Select::new)),
        Tuple.of(draws ? 1 : 0, drawArb));
  }

  /** A condition over {@code x} and {@code k} compared with literals. */
  static Arbitrary<Expr> condition(int depth) {
    Arbitrary<Expr> compare =
        Combinators.combine(
                Arbitraries.of(CmpOp.values()),
                Arbitraries.of(new Var("x"), new Var("k")),
                literal())
            .as((op, v, c) -> new Compare(op, v, c));
    if (depth == 0) {
      return compare;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> condition(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(3, compare),
        Tuple.of(1, sub.map(Not::new)),
        Tuple.of(2, Combinators.combine(Arbitraries.of(true, false), sub, sub).as(Logic::new)));
  }

  /** Numbers draws in post-order, as the parser does (arguments are parsed before the call). */
  static Expr renumberDraws(Expr e) {
    return renumber(e, new int[] {0});
  }

  private static Expr renumber(Expr e, int[] next) {
    Expr mapped = Exprs.mapChildren(e, c -> renumber(c, next));
    if (mapped instanceof Draw d) {
      return new Draw(d.distribution(), d.p1(), d.p2(), next[0]++);
    }
    return mapped;
  }
}
