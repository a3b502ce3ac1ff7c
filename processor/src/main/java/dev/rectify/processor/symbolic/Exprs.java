package dev.rectify.processor.symbolic;

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
import dev.rectify.processor.formula.Function;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Small structural helpers over {@link Expr}: children, rebuilding, queries. */
public final class Exprs {
  private Exprs() {}

  /** The direct children of a node, in order. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Num || e instanceof Var) {
      return List.of();
    } else if (e instanceof Neg) {
      return List.of(((Neg) e).operand());
    } else if (e instanceof Binary) {
      return List.of(((Binary) e).left(), ((Binary) e).right());
    } else if (e instanceof Call) {
      return ((Call) e).args();
    } else if (e instanceof Select) {
      Select s = (Select) e;
      return List.of(s.condition(), s.then(), s.otherwise());
    } else if (e instanceof Compare) {
      return List.of(((Compare) e).left(), ((Compare) e).right());
    } else if (e instanceof Logic) {
      return List.of(((Logic) e).left(), ((Logic) e).right());
    } else if (e instanceof Not) {
      return List.of(((Not) e).operand());
    } else if (e instanceof Draw) {
      return List.of(((Draw) e).p1(), ((Draw) e).p2());
    }
    throw new AssertionError(e);
  }

  /** The same node with its children mapped by {@code f}. */
  public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
    if (e instanceof Num || e instanceof Var) {
      return e;
    } else if (e instanceof Neg) {
      return new Neg(f.apply(((Neg) e).operand()));
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      return new Binary(b.op(), f.apply(b.left()), f.apply(b.right()));
    } else if (e instanceof Call) {
      Call c = (Call) e;
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(f.apply(a));
      }
      return new Call(c.function(), args);
    } else if (e instanceof Select) {
      Select s = (Select) e;
      return new Select(f.apply(s.condition()), f.apply(s.then()), f.apply(s.otherwise()));
    } else if (e instanceof Compare) {
      Compare c = (Compare) e;
      return new Compare(c.op(), f.apply(c.left()), f.apply(c.right()));
    } else if (e instanceof Logic) {
      Logic l = (Logic) e;
      return new Logic(l.and(), f.apply(l.left()), f.apply(l.right()));
    } else if (e instanceof Not) {
      return new Not(f.apply(((Not) e).operand()));
    } else if (e instanceof Draw) {
      Draw d = (Draw) e;
      return new Draw(d.distribution(), f.apply(d.p1()), f.apply(d.p2()), d.id());
    }
    throw new AssertionError(e);
  }

  /** Replaces every occurrence of variable {@code name} by {@code value}. */
  public static Expr substitute(Expr e, String name, Expr value) {
    if (e instanceof Var && ((Var) e).name().equals(name)) {
      return value;
    }
    return mapChildren(e, c -> substitute(c, name, value));
  }

  /** Replaces every random draw by its mean: the evaluation-mode form. */
  public static Expr withoutDraws(Expr e) {
    if (e instanceof Draw) {
      return withoutDraws(((Draw) e).mean());
    }
    return mapChildren(e, Exprs::withoutDraws);
  }

  /** The variable names used, in first-use order. */
  public static Set<String> variables(Expr e) {
    Set<String> names = new LinkedHashSet<>();
    collectVariables(e, names);
    return names;
  }

  private static void collectVariables(Expr e, Set<String> names) {
    if (e instanceof Var) {
      names.add(((Var) e).name());
    }
    for (Expr c : children(e)) {
      collectVariables(c, names);
    }
  }

  public static boolean uses(Expr e, String name) {
    return variables(e).contains(name);
  }

  /** Whether {@code e} contains a random draw. */
  public static boolean hasDraws(Expr e) {
    if (e instanceof Draw) {
      return true;
    }
    for (Expr c : children(e)) {
      if (hasDraws(c)) {
        return true;
      }
    }
    return false;
  }

  /** The draws in {@code e}, by id, each once. */
  public static List<Draw> draws(Expr e) {
    List<Draw> out = new ArrayList<>();
    collectDraws(e, out);
    out.sort((a, b) -> Integer.compare(a.id(), b.id()));
    return out;
  }

  private static void collectDraws(Expr e, List<Draw> out) {
    if (e instanceof Draw && !out.contains(e)) {
      out.add((Draw) e);
    }
    for (Expr c : children(e)) {
      collectDraws(c, out);
    }
  }

  /** Whether evaluating {@code e} needs a transcendental function (computed in double). */
  public static boolean isTranscendental(Expr e) {
    if (isTranscendentalTerm(e) || e instanceof Draw) {
      return true;
    }
    for (Expr c : children(e)) {
      if (isTranscendental(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The transcendental terms of {@code e} ({@link #isTranscendentalTerm}), outermost first, each
   * with its argument (so {@code exp(-x)} and {@code exp(x)} differ).
   */
  public static Set<Expr> transcendentalTerms(Expr e) {
    Set<Expr> terms = new LinkedHashSet<>();
    collectTranscendental(e, terms);
    return terms;
  }

  private static void collectTranscendental(Expr e, Set<Expr> terms) {
    if (isTranscendentalTerm(e)) {
      terms.add(e);
    }
    for (Expr c : children(e)) {
      collectTranscendental(c, terms);
    }
  }

  /** A call of a transcendental function, or a power other than 2..4 (not lowered as products). */
  private static boolean isTranscendentalTerm(Expr e) {
    return e instanceof Call && ((Call) e).function().isTranscendental()
        || e instanceof Binary && ((Binary) e).op() == Expr.Op.POW && smallPower(e) == 0;
  }

  /** The exponent of {@code u ^ n} for n in 2..4 (lowered as products), else 0. */
  public static int smallPower(Expr e) {
    if (e instanceof Binary
        && ((Binary) e).op() == Expr.Op.POW
        && ((Binary) e).right() instanceof Num) {
      double n = ((Num) ((Binary) e).right()).value();
      if (n == 2 || n == 3 || n == 4) {
        return (int) n;
      }
    }
    return 0;
  }

  /** Whether {@code e} is a condition rather than a number. */
  public static boolean isCondition(Expr e) {
    return e instanceof Compare || e instanceof Logic || e instanceof Not;
  }

  /**
   * Whether the tree has more than {@code limit} nodes, counting a shared subtree once per use (as
   * every recursive analysis, and a record's {@code hashCode}, walks it). Counts each distinct node
   * object once, remembering its count and saturating at {@code limit + 1}, so it takes time linear
   * in the DAG even when the tree is exponential: nested {@code silu(silu(...))} shares its
   * argument but doubles the tree at each level, and 30 levels are 2^30 nodes to a walk.
   */
  public static boolean exceedsSize(Expr e, int limit) {
    return treeSize(e, limit + 1L, new java.util.IdentityHashMap<>()) > limit;
  }

  private static long treeSize(Expr e, long cap, java.util.Map<Expr, Long> memo) {
    Long known = memo.get(e);
    if (known != null) {
      return known;
    }
    long n = 1;
    for (Expr c : children(e)) {
      n = Math.min(cap, n + treeSize(c, cap, memo));
    }
    memo.put(e, n);
    return n;
  }

  /** The number of nodes. */
  public static int size(Expr e) {
    int n = 1;
    for (Expr c : children(e)) {
      n += size(c);
    }
    return n;
  }

  static Expr apply(Function f, Expr... args) {
    return new Call(f, List.of(args));
  }
}
