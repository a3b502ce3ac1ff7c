package dev.rectify.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.check.InfiniteClamp.Condition;
import dev.rectify.processor.codegen.RuntimeTypes;
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
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lowers expressions to Java source for one loop body, branch-free: {@code max}/{@code min} become
 * {@code Math.max}/{@code Math.min}; a condition becomes an {@code int}, 1 or 0, from {@code
 * Branchless.less}, {@code greater} and the like, combined with {@code &}, {@code |} and {@code ^
 * 1}; a select becomes {@code Branchless.select} of that int, which masks the bits of both arms (a
 * float {@code ?:} is a jump on x86, and so is a Java comparison in bytecode); and subexpressions
 * that occur more than once are computed once into locals ({@code sigmoid(x)} in SiLU's forward and
 * derivative).
 *
 * <p>Expressions without transcendental functions are computed in float, which C2 can
 * auto-vectorise; the others in double and rounded once, which keeps them within a few float ulps
 * of the exact result.
 *
 * <p>Sigmoid, softplus, ndtr and npdf are spelled out over one exponential ({@link
 * #spelledOutForm}), and exp, expm1, log1p and tanh are {@code BranchFreeMath}'s: Math's branch on
 * the argument's magnitude (on JDK 17, expm1, log1p and tanh are a native call), and a loop over
 * random input would run slower than over sorted.
 *
 * <p>A lowering made by {@link #vector} emits Vector API code instead, in the same precision:
 * values of the lane inputs are {@code FloatVector} or {@code DoubleVector} expressions, selects
 * become {@code blend} on a {@code compare} mask, {@code max}/{@code min} the lanewise MAX/MIN, and
 * exp, log, tanh and the like {@code lanewise} operators. Subexpressions of parameters and
 * constants only stay scalar (one broadcast at most, where an operator needs a vector on its left).
 */
public final class Lowering {
  private final boolean inDouble;
  private final Map<String, String> names;
  private final boolean clampSelects;
  private final Set<String> inputs;
  private final String drawKey;
  private final String drawIndex;
  private final int drawsPerElement;
  private final Map<Expr, String> locals = new LinkedHashMap<>();
  private final List<CodeBlock> statements = new ArrayList<>();
  private final String localPrefix;
  private final InfiniteClamp infiniteClamp;

  /** For Vector API code: the variables that are vectors (the rest are scalars); null otherwise. */
  private final Set<String> lanes;

  /** For Vector API code in float lanes: their species' name in {@code VectorConstants}. */
  private final String floatSpecies;

  /**
   * @param inDouble compute in double (some expression of the loop is transcendental)
   * @param names Java names of variables and parameters
   * @param clampSelects evaluate select branches on inputs clamped to their side
   * @param drawKey, drawIndex Java expressions for the draws' key and element index (null when
   *     there are no draws)
   * @param infiniteClamp the inputs that {@link #input} clamps, and on which side; needs double
   */
  public Lowering(
      boolean inDouble,
      Map<String, String> names,
      boolean clampSelects,
      Set<String> inputs,
      String drawKey,
      String drawIndex,
      int drawsPerElement,
      String localPrefix,
      InfiniteClamp infiniteClamp) {
    this(
        inDouble,
        names,
        clampSelects,
        inputs,
        drawKey,
        drawIndex,
        drawsPerElement,
        localPrefix,
        infiniteClamp,
        null,
        null);
  }

  private Lowering(
      boolean inDouble,
      Map<String, String> names,
      boolean clampSelects,
      Set<String> inputs,
      String drawKey,
      String drawIndex,
      int drawsPerElement,
      String localPrefix,
      InfiniteClamp infiniteClamp,
      Set<String> lanes,
      String floatSpecies) {
    this.lanes = lanes == null ? null : Set.copyOf(lanes);
    this.floatSpecies = floatSpecies;
    this.inDouble = inDouble;
    this.names = Map.copyOf(names);
    this.clampSelects = clampSelects;
    this.inputs = Set.copyOf(inputs);
    this.drawKey = drawKey;
    this.drawIndex = drawIndex;
    this.drawsPerElement = drawsPerElement;
    this.localPrefix = localPrefix;
    this.infiniteClamp = infiniteClamp;
  }

  /**
   * A lowering to Vector API code over {@code DoubleVector} (when {@code inDouble}) or {@code
   * FloatVector} lanes. {@code lanes} are the variables that hold vectors; parameters are scalars.
   * Float lanes are of the species {@code VectorConstants.<floatSpecies>}. There are no random
   * draws.
   */
  public static Lowering vector(
      boolean inDouble,
      Map<String, String> names,
      boolean clampSelects,
      Set<String> inputs,
      Set<String> lanes,
      String floatSpecies,
      String localPrefix,
      InfiniteClamp infiniteClamp) {
    return new Lowering(
        inDouble,
        names,
        clampSelects,
        inputs,
        null,
        null,
        0,
        localPrefix,
        infiniteClamp,
        lanes,
        Objects.requireNonNull(floatSpecies, "floatSpecies"));
  }

  /** Whether the results are rounded further; see {@link #roundedFurther()}. */
  private boolean roundedFurther;

  /**
   * Float lanes whose results are rounded further, to a bfloat16 factor (8 bits), compute SiLU's
   * derivative as the sum it is written as, not as {@code sigmoid(u) swish_gain(u)} ({@link
   * #swishGainForm}), and exp of a product without its low part ({@link #compensatedExp}): what
   * those forms keep, the rounding to bfloat16 loses, and their code is longer.
   */
  public Lowering roundedFurther() {
    this.roundedFurther = true;
    return this;
  }

  /** Whether the Vector API lowering supports every function in {@code exprs}: all but erf. */
  public static boolean vectorizable(List<Expr> exprs) {
    for (Expr e : exprs) {
      if (e instanceof Call && !hasLanewiseForm(((Call) e).function()) || e instanceof Draw) {
        return false;
      }
      if (!vectorizable(Exprs.children(e))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLanewiseForm(Function f) {
    return f != Function.ERF; // GELU's 1 + erf(u) is simplified to erfc(-u), which has one
  }

  /**
   * Whether every function in {@code exprs} has a float-lane form that gives the same bits in every
   * JIT tier: exp, expm1 and tanh ({@code VectorMath}'s, from IEEE arithmetic alone), sigmoid (over
   * exp) and sqrt (correctly rounded). The Vector API's lanewise LOG and LOG1P call the JIT's
   * vector library in compiled code and Math per lane in the interpreter, which differ in the last
   * float bit, so a run that starts cold would not repeat one that started warm; in double lanes
   * that difference is rounded away. erfc, ndtr and npdf have double-lane forms only. Mish's {@code
   * tanh(softplus(u))} and {@code sigmoid(+-2 softplus(u))} count as functions of exp alone, which
   * they are once spelled out ({@link #expandTanhSoftplus}); {@link #floatLanesSuffice} still keeps
   * them in double lanes, but a bfloat16 factor (SUGAR Mish's) takes float lanes.
   */
  public static boolean hasFloatLanes(List<Expr> exprs) {
    for (Expr e : exprs) {
      if (e instanceof Draw
          || e instanceof Binary && ((Binary) e).op() == Expr.Op.POW && Exprs.smallPower(e) == 0) {
        return false;
      }
      Expr mishArgument = mishSoftplusArgument(e);
      if (mishArgument != null) {
        // spelled out over exp alone (expandTanhSoftplus)
        if (!hasFloatLanes(List.of(mishArgument))) {
          return false;
        }
        continue;
      }
      if (e instanceof Call) {
        Function f = ((Call) e).function();
        if (f.isTranscendental()
            && f != Function.EXP
            && f != Function.EXPM1
            && f != Function.TANH
            && f != Function.SIGMOID
            && f != Function.SWISH_GAIN
            && f != Function.SQRT) {
          return false;
        }
      }
      if (!hasFloatLanes(Exprs.children(e))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@link #input} clamps input {@code name} on some side, or reads it as it is. */
  public boolean clampsInput(String name) {
    return infiniteClamp.clamps(name, false) || infiniteClamp.clamps(name, true);
  }

  /**
   * Reads input {@code name} from the Java expression {@code raw}, clamped to the generated class's
   * {@code INPUT_LIMIT} on the sides where an infinity would give NaN (see {@link InfiniteClamp}).
   * A side clamped only for some parameter signs is clamped to a bound that {@link #clampBounds}
   * declares: the limit, or an infinity, which leaves every input as it is. {@code Math.max} and
   * {@code Math.min} keep NaN.
   */
  public CodeBlock input(String name, String raw) {
    boolean below = infiniteClamp.clamps(name, false);
    boolean above = infiniteClamp.clamps(name, true);
    CodeBlock floor = below ? bound(name, false) : null;
    CodeBlock ceiling = above ? bound(name, true) : null;
    if (lanes != null) {
      // compare and blend, which keep NaN (its comparisons are false): two instructions a side,
      // where lanewise MAX and MIN, ordering -0 below +0 as Math.max does, take five. In float
      // lanes the largest float plays 2^128's part: every finite input is unchanged, an infinite
      // one made finite.
      CodeBlock read = CodeBlock.of("$L", raw);
      if (below) {
        read = blendBeyond(read, false, raw, "LT", floor);
      }
      if (above) {
        read = blendBeyond(read, below, raw, "GT", ceiling);
      }
      return read;
    }
    if (below && above) {
      return CodeBlock.of(
          "$T.max($L,$W$T.min($L,$W$L))", Math.class, floor, Math.class, raw, ceiling);
    } else if (below) {
      return CodeBlock.of("$T.max($L,$W$L)", Math.class, raw, floor);
    } else if (above) {
      return CodeBlock.of("$T.min($L,$W$L)", Math.class, raw, ceiling);
    }
    return CodeBlock.of("$L", raw);
  }

  /** The bound an input is clamped to on one side: the limit, or the local of its condition. */
  private CodeBlock bound(String input, boolean above) {
    return infiniteClamp.when(input, above).always()
        ? limit(above)
        : CodeBlock.of("$N", boundName(input, above));
  }

  /** The clamp of one side: +-2^128 in double, +-the largest float in float lanes. */
  private CodeBlock limit(boolean above) {
    CodeBlock limit =
        lanes == null || inDouble
            ? CodeBlock.of("INPUT_LIMIT")
            : CodeBlock.of("$T.MAX_VALUE", Float.class);
    return above ? limit : CodeBlock.of("-$L", limit);
  }

  /**
   * The bounds of the sides that {@link #input} clamps only for some parameter signs, of the inputs
   * the lowered expressions read, one local each, to declare at the top of the method, before the
   * inputs are read: the limit where the condition holds, else an infinity that clamps nothing. A
   * loop method tests the condition once; a lanes method once per call, which C2 hoists out of the
   * loop it inlines the method into (SiLU's kernels, two such bounds a vector, ran as fast as with
   * none). The condition reads the parameters' fields, which are constant (learnable parameters
   * take no part, see {@link InfiniteClamp}).
   */
  public List<CodeBlock> clampBounds() {
    List<CodeBlock> out = new ArrayList<>();
    for (String input : new TreeSet<>(inputs)) {
      if (read != null && !read.contains(input)) {
        continue; // a kernel of y alone: backward of a factor stated in the output
      }
      for (boolean above : new boolean[] {false, true}) {
        Condition when = infiniteClamp.when(input, above);
        if (!infiniteClamp.clamps(input, above) || when.always()) {
          continue;
        }
        boolean wide = lanes == null || inDouble;
        CodeBlock open =
            CodeBlock.of(
                "$T.$L",
                wide ? Double.class : Float.class,
                above ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
        out.add(
            CodeBlock.of(
                "$L $N = $L ? $L : $L",
                wide ? "double" : "float",
                boundName(input, above),
                condition(when),
                limit(above),
                open));
      }
    }
    return out;
  }

  /** {@code when} in Java, on the parameters' fields. */
  private CodeBlock condition(Condition when) {
    List<CodeBlock> any = new ArrayList<>();
    for (Map<String, Boolean> conjunction : when.anyOf()) {
      List<CodeBlock> all = new ArrayList<>();
      for (Map.Entry<String, Boolean> sign : conjunction.entrySet()) {
        all.add(
            CodeBlock.of("this.$N $L 0", names.get(sign.getKey()), sign.getValue() ? "<" : ">="));
      }
      CodeBlock and = CodeBlock.join(all, " && ");
      any.add(when.anyOf().size() > 1 && all.size() > 1 ? CodeBlock.of("($L)", and) : and);
    }
    return CodeBlock.join(any, " || ");
  }

  /** The key under which the Java names given to a lowering map a clamp bound's local. */
  public static String boundKey(String input, boolean above) {
    return (above ? "ceiling:" : "floor:") + input;
  }

  private String boundName(String input, boolean above) {
    String n = names.get(boundKey(input, above));
    if (n == null) {
      throw new IllegalStateException("no Java name for the clamp bound of " + input);
    }
    return n;
  }

  /**
   * {@code read} with {@code bound} in the lanes where {@code raw} compares {@code op} to it; a
   * {@code chained} read is itself a blend, before whose call the line may wrap.
   */
  private static CodeBlock blendBeyond(
      CodeBlock read, boolean chained, String raw, String op, CodeBlock bound) {
    return CodeBlock.of(
        "$L" + (chained ? "$Z." : ".") + "blend($L,$W$L.compare($T.$L,$W$L))",
        read,
        bound,
        raw,
        VECTOR_OPERATORS,
        op,
        bound);
  }

  /**
   * Whether Vector API kernels of {@code exprs} may compute in float lanes and still keep the
   * accuracy of the double-precision scalar loops: every function has a float form ({@link
   * #hasFloatLanes}), and that form, within an ulp of the exact result for the argument it is
   * given, is given an exact one. What float lanes lose is an argument's own rounding, which exp(v)
   * multiplies by |v|: a rounded v = -50 moves exp(v) by 50 ulps. So exp, expm1 and sigmoid must
   * read an argument exact in float (an input, a number, their negation, absolute value, min or
   * max), as in SiLU's {@code sigmoid(x)}, or, for exp and sigmoid, a product of such a value and a
   * parameter or number, which float lanes hold in two floats ({@link #compensatedFactor}); sqrt
   * (condition 1/2) and tanh (condition at most 1) take any. Nor may a sum or difference have a
   * transcendental term, which may cancel against the other: Squareplus's {@code x + sqrt(x^2 + b)}
   * is 0 in float at x = -1e4. SiLU's derivative {@code s + x s (1 - s)}, which crosses zero at x =
   * -1.28, is such a sum as written, and is checked (and computed) as {@code sigmoid(u)
   * swish_gain(u)} ({@link #swishGainForm}).
   *
   * @param params the parameters' names: a product with one of them is held in two floats
   */
  public static boolean floatLanesSuffice(List<Expr> exprs, Set<String> params) {
    List<Expr> forms = exprs.stream().map(Lowering::swishGainForm).toList();
    return hasFloatLanes(forms) && argumentsExact(forms, params);
  }

  private static boolean argumentsExact(List<Expr> exprs, Set<String> params) {
    for (Expr e : exprs) {
      if (e instanceof Binary
          && (((Binary) e).op() == Expr.Op.ADD || ((Binary) e).op() == Expr.Op.SUB)
          && Exprs.isTranscendental(e)) {
        return false;
      }
      if (mishSoftplusArgument(e) != null) {
        // Spelled out (expandTanhSoftplus), it rounds six times after its exp: Mish's forward in
        // float lanes was 4.5 ulps off at x = -6.77, and 12.6 at x = -89.8, where exp(x) is a
        // subnormal float but Mish is not. Good enough for a bfloat16 factor, not here.
        return false;
      }
      if (e instanceof Call) {
        Function f = ((Call) e).function();
        Expr arg = f.arity == 1 ? ((Call) e).arg(0) : null;
        boolean compensable = f != Function.EXPM1 && arg != null && compensable(arg, params);
        if ((f == Function.EXP
                || f == Function.EXPM1
                || f == Function.SIGMOID
                || f == Function.SWISH_GAIN)
            && !isExactInFloat(arg)
            && !compensable) {
          return false;
        }
      }
      if (!argumentsExact(Exprs.children(e), params)) {
        return false;
      }
    }
    return true;
  }

  /**
   * c when {@code e} is {@code c * v} or {@code v * c}, with c a parameter in {@code params} or a
   * number of magnitude at least 2^-7, and v exact in float and no parameter: float lanes then hold
   * e in two floats, the rounded product and what its rounding took off (an fma, exact), plus what
   * rounding c to float took off, times v; else null. exp of e is then as accurate as of an exact
   * argument ({@link #compensatedExp}).
   *
   * <p>Why 2^-7: where exp(c v) is a subnormal float (c v below -87.3) it keeps only a few bits,
   * and a formula that multiplies it by v, as SiLU's {@code x sigmoid(beta x)} does, stays within
   * the accuracy tests' bound for results below the normal range (an absolute 2^-136) only while
   * |v| there is at most 2^14: |c| at least 87.3 / 2^14. A parameter's value is checked when the
   * kernels are built (the generated {@code unsupported} method, see {@code KernelProvider}), and
   * layers run their scalar loops below it.
   */
  public static Expr compensatedFactor(Expr e, Set<String> params) {
    if (!(e instanceof Binary) || ((Binary) e).op() != Expr.Op.MUL) {
      return null;
    }
    Binary b = (Binary) e;
    if (isCompensatedFactor(b.left(), params) && isExactLaneValue(b.right(), params)) {
      return b.left();
    } else if (isCompensatedFactor(b.right(), params) && isExactLaneValue(b.left(), params)) {
      return b.right();
    }
    return null;
  }

  /** The least magnitude of a number or parameter that {@link #compensatedFactor} takes. */
  public static final double LEAST_COMPENSATED_FACTOR = 0x1p-7;

  private static boolean isCompensatedFactor(Expr c, Set<String> params) {
    if (c instanceof Var) {
      return params.contains(((Var) c).name());
    }
    if (c instanceof Num) {
      double v = Math.abs(((Num) c).value());
      return v >= LEAST_COMPENSATED_FACTOR && v <= Float.MAX_VALUE;
    }
    return false;
  }

  private static boolean isExactLaneValue(Expr v, Set<String> params) {
    return isExactInFloat(v) && Exprs.variables(v).stream().anyMatch(n -> !params.contains(n));
  }

  /** {@code e} without the negations and absolute values around it: -|u| is u. */
  private static Expr withoutSignOps(Expr e) {
    if (e instanceof Neg) {
      return withoutSignOps(((Neg) e).operand());
    }
    if (e instanceof Call && ((Call) e).function() == Function.ABS) {
      return withoutSignOps(((Call) e).arg(0));
    }
    return e;
  }

  /**
   * SiLU's derivative {@code sigmoid(u) + u sigmoid(u) sigmoid(-u)}, its product's factors in any
   * order and grouping and u's own factors among them (Differentiator and Simplifier write {@code
   * sigmoid(beta * x) + x * (sigmoid(beta * x) * sigmoid(-(beta * x)) * beta)}), as {@code
   * sigmoid(u) * swish_gain(u)}: the same function ({@code swish_gain(u) = 1 + u sigmoid(-u)}),
   * which float lanes compute without the sum's cancellation near u = -1.28 ({@code
   * spelledOutSwishGain}). Float-lane code only; double lanes and scalar loops compute the sum,
   * which does not cancel beyond a double's ulps.
   */
  public static Expr swishGainForm(Expr e) {
    Expr mapped = Exprs.mapChildren(e, Lowering::swishGainForm);
    if (!(mapped instanceof Binary) || ((Binary) mapped).op() != Expr.Op.ADD) {
      return mapped;
    }
    Binary sum = (Binary) mapped;
    Expr sigmoid = sum.left();
    Expr u = swishArgument(sigmoid, sum.right());
    if (u == null) {
      sigmoid = sum.right();
      u = swishArgument(sigmoid, sum.left());
    }
    return u == null
        ? mapped
        : new Binary(Expr.Op.MUL, sigmoid, new Call(Function.SWISH_GAIN, List.of(u)));
  }

  /**
   * u when {@code s} is sigmoid(u) and {@code p} a product whose factors are sigmoid(u),
   * sigmoid(-u) and u's own factors; else null.
   */
  private static Expr swishArgument(Expr s, Expr p) {
    if (!(s instanceof Call) || ((Call) s).function() != Function.SIGMOID) {
      return null;
    }
    Expr u = ((Call) s).arg(0);
    return isProductOf(p, u, s, new Call(Function.SIGMOID, List.of(new Neg(u)))) ? u : null;
  }

  /**
   * Whether the factors of product {@code p}, in any order and grouping, are {@code functions} and
   * u's own factors, each once.
   */
  private static boolean isProductOf(Expr p, Expr u, Expr... functions) {
    List<Expr> factors = new ArrayList<>();
    addFactors(p, factors);
    List<Expr> expected = new ArrayList<>(List.of(functions));
    addFactors(u, expected);
    for (Expr f : expected) {
      if (!factors.remove(f)) {
        return false;
      }
    }
    return factors.isEmpty();
  }

  private static void addFactors(Expr e, List<Expr> out) {
    if (e instanceof Binary && ((Binary) e).op() == Expr.Op.MUL) {
      addFactors(((Binary) e).left(), out);
      addFactors(((Binary) e).right(), out);
    } else {
      out.add(e);
    }
  }

  /** Whether {@code e} is computed without rounding from float inputs and float numbers. */
  private static boolean isExactInFloat(Expr e) {
    if (e instanceof Var) {
      return true;
    } else if (e instanceof Num) {
      double v = ((Num) e).value();
      return (float) v == v || Double.isNaN(v);
    } else if (e instanceof Neg) {
      return isExactInFloat(((Neg) e).operand());
    } else if (e instanceof Call) {
      Function f = ((Call) e).function();
      return (f == Function.ABS || f == Function.MIN || f == Function.MAX)
          && ((Call) e).args().stream().allMatch(Lowering::isExactInFloat);
    }
    return false;
  }

  /** Whether any of {@code exprs} needs double precision. */
  public static boolean needsDouble(List<Expr> exprs) {
    for (Expr e : exprs) {
      if (Exprs.isTranscendental(e)) {
        return true;
      }
    }
    return false;
  }

  /** The local declarations emitted so far, in dependency order. */
  public List<CodeBlock> statements() {
    return List.copyOf(statements);
  }

  /**
   * Registers the subexpressions of {@code exprs} that occur more than once so that {@link #lower}
   * computes them once. Call before lowering them.
   */
  public void shareCommon(List<Expr> exprs) {
    read = new HashSet<>();
    for (Expr e : exprs) {
      read.addAll(Exprs.variables(e));
    }
    Map<Expr, Integer> counts = new LinkedHashMap<>();
    for (Expr e : exprs) {
      count(prepare(e), counts);
    }
    for (Map.Entry<Expr, Integer> c : counts.entrySet()) {
      if (c.getValue() > 1 && isWorthSharing(c.getKey())) {
        sharedCandidates.add(c.getKey());
      }
    }
  }

  private final List<Expr> sharedCandidates = new ArrayList<>();

  /** The variables of the expressions given to {@link #shareCommon}; null before it is called. */
  private Set<String> read;

  private static boolean isWorthSharing(Expr e) {
    return !(e instanceof Num || e instanceof Var || Exprs.isCondition(e))
        && !(e instanceof Neg && ((Neg) e).operand() instanceof Var);
  }

  private void count(Expr e, Map<Expr, Integer> counts) {
    counts.merge(e, 1, Integer::sum);
    if (counts.get(e) > 1) {
      return; // its children were counted with its first occurrence
    }
    for (Expr c : Exprs.children(e)) {
      count(c, counts);
    }
  }

  /**
   * The Java expression for {@code e}, in this lowering's precision; in Vector API code always a
   * vector, broadcast where {@code e} is the same in every lane ({@code 2 * x}'s derivative).
   */
  public CodeBlock lower(Expr e) {
    Expr prepared = prepare(e);
    return lanes == null ? emit(prepared) : vec(prepared);
  }

  /**
   * The Java expression for a condition: in scalar code an {@code int}, 1 where it holds and 0
   * where not, parenthesised unless it is an atom; in Vector API code a {@code VectorMask}.
   */
  public CodeBlock lowerCondition(Expr c) {
    Expr prepared = prepare(c);
    return lanes == null ? paren(prepared) : mask(prepared);
  }

  private Expr prepare(Expr e) {
    Expr clamped = normalForms(clampSelects ? clamp(e) : e);
    if (lanes == null || inDouble) {
      return expandLogistic(clamped);
    }
    Expr form = roundedFurther ? clamped : swishGainForm(clamped);
    return divideBeforeMultiplying(expandLogistic(form));
  }

  /**
   * GELU's forward {@code u * ndtr(u)} as {@code ndtr_times(u)} and its derivative {@code ndtr(u) +
   * u * npdf(u)} (the product's factors in any order and grouping, u's own among them) as {@code
   * ndtr_slope(u)}, in every kind of generated code: the same functions, which {@link
   * #expandLogistic} spells out without a product of u and a term that is 0 where u is infinite.
   * Written as above, both are inf * 0 at an infinite u, so the kernels clamped their input on both
   * sides; these forms need no clamp ({@link #infiniteClamp} probes them), and the kernel is
   * shorter: two compares and two blends fewer per vector, and the derivative one product of the
   * density fewer.
   */
  public static Expr normalForms(Expr e) {
    Expr mapped = Exprs.mapChildren(e, Lowering::normalForms);
    if (!(mapped instanceof Binary)) {
      return mapped;
    }
    Binary b = (Binary) mapped;
    Expr u = null;
    Function form = null;
    if (b.op() == Expr.Op.MUL) {
      u = ndtrOf(b.right(), b.left()) ? b.left() : ndtrOf(b.left(), b.right()) ? b.right() : null;
      form = Function.NDTR_TIMES;
    } else if (b.op() == Expr.Op.ADD) {
      u = ndtrSlopeArgument(b.left(), b.right());
      u = u != null ? u : ndtrSlopeArgument(b.right(), b.left());
      form = Function.NDTR_SLOPE;
    }
    return u == null ? mapped : new Call(form, List.of(u));
  }

  /**
   * The clamping of infinite inputs that generated code of {@code exprs} needs: {@link
   * InfiniteClamp} probed in the forms the code computes ({@link #normalForms}), not as written,
   * where GELU's are inf * 0 at an infinity.
   */
  public static InfiniteClamp infiniteClamp(
      ActivationSpec spec, List<String> inputs, Expr forwardEval, List<Expr> exprs) {
    return InfiniteClamp.of(
        spec, inputs, forwardEval, exprs.stream().map(Lowering::normalForms).toList());
  }

  /** Whether {@code n} is {@code ndtr(u)}. */
  private static boolean ndtrOf(Expr n, Expr u) {
    return n instanceof Call
        && ((Call) n).function() == Function.NDTR
        && ((Call) n).arg(0).equals(u);
  }

  /**
   * u when {@code n} is ndtr(u) and {@code p} a product whose factors are npdf(u) and u's own
   * factors; else null.
   */
  private static Expr ndtrSlopeArgument(Expr n, Expr p) {
    if (!(n instanceof Call) || ((Call) n).function() != Function.NDTR) {
      return null;
    }
    Expr u = ((Call) n).arg(0);
    return isProductOf(p, u, new Call(Function.NPDF, List.of(u))) ? u : null;
  }

  /**
   * The expression generated code computes for {@code e}, in scalar loops and Vector API kernels
   * alike: sigmoid, softplus, Mish's {@code tanh(softplus(u))}, ndtr and npdf spelled out ({@link
   * #expandLogistic}). The same function as {@code e}, in other operations; tests check that in
   * double precision. (Float lanes also compute {@code (u * v) / c} as {@link
   * #divideBeforeMultiplying} says, and double lanes emit log1p of exp(-|u|) as {@code
   * VectorMath.log1pOfUnit}, within 3e-12 relative.)
   */
  public static Expr spelledOutForm(Expr e) {
    return expandLogistic(normalForms(e));
  }

  /**
   * The form float lanes compute: {@code (u * v) / c} for a number c becomes {@code u * (v / c)},
   * the same two roundings, but Hardswish's {@code x * relu6(x + 3) / 6} no longer passes through
   * 6e38 (inf in float) on its way to x = 1e38. Only here: the symbolic derivative of the written
   * form keeps its sums exact where they cancel (Hardswish's {@code (x + 3 + x) / 6} at x = -1.5).
   * {@link dev.rectify.processor.check.FloatOverflow} probes this form.
   */
  public static Expr divideBeforeMultiplying(Expr e) {
    Expr mapped = Exprs.mapChildren(e, Lowering::divideBeforeMultiplying);
    if (mapped instanceof Binary
        && ((Binary) mapped).op() == Expr.Op.DIV
        && ((Binary) mapped).right() instanceof Num
        && ((Binary) mapped).left() instanceof Binary
        && ((Binary) ((Binary) mapped).left()).op() == Expr.Op.MUL) {
      Binary product = (Binary) ((Binary) mapped).left();
      return new Binary(
          Expr.Op.MUL,
          product.left(),
          new Binary(Expr.Op.DIV, product.right(), ((Binary) mapped).right()));
    }
    return mapped;
  }

  /**
   * Sigmoid and softplus are spelled out in their stable forms over {@code E = exp(-|u|)}, which
   * cannot overflow: {@code sigmoid(u) = (u >= 0 ? 1 : E) / (1 + E)} and {@code softplus(u) =
   * max(u, 0) + log1p(E)}, the same arithmetic as {@code SpecialFunctions}'. Spelled out, {@link
   * #shareCommon} sees that {@code sigmoid(x)}, {@code sigmoid(-x)} and {@code softplus(x)} share
   * one exponential ({@code |-x|} is {@code |x|}), which halves the exponentials of SiLU's and
   * Mish's derivatives. NaN gives NaN (the exp is NaN).
   *
   * <p>The normal distribution is spelled out the same way, over {@code a = min(|u|, 40)} and
   * {@code G = exp(-a^2 / 2)}: {@code ndtr(u) = u < 0 ? G mills(a) : 1 - G mills(a)} (the tail G
   * mills(a) = ndtr(-a) is at most 1/2, so neither side cancels) and {@code npdf(u) = G / sqrt(2
   * pi)}. GELU's derivative {@code ndtr(x) + x npdf(x)} then takes one exponential, not the two of
   * erfc and exp, and mills is a rational function (VectorMath). Beyond a = 40, G is 0 in double,
   * as both functions' tails are.
   */
  private static Expr expandLogistic(Expr e) {
    Expr mishArgument = mishSoftplusArgument(e);
    if (mishArgument != null) {
      return expandTanhSoftplus((Call) e, expandLogistic(mishArgument));
    }
    Expr mapped = Exprs.mapChildren(e, Lowering::expandLogistic);
    if (!(mapped instanceof Call)) {
      return mapped;
    }
    Call call = (Call) mapped;
    if (call.function() == Function.NDTR
        || call.function() == Function.NPDF
        || call.function() == Function.NDTR_TIMES
        || call.function() == Function.NDTR_SLOPE) {
      return expandNormal(call);
    }
    if (call.function() != Function.SIGMOID && call.function() != Function.SOFTPLUS) {
      return mapped;
    }
    Expr u = call.arg(0);
    Expr small = expNegAbs(u);
    if (call.function() == Function.SOFTPLUS) {
      return new Binary(
          Expr.Op.ADD,
          new Call(Function.MAX, List.of(u, Num.ZERO)),
          new Call(Function.LOG1P, List.of(small)));
    }
    Expr numerator = new Select(new Compare(CmpOp.GE, u, Num.ZERO), Num.ONE, small);
    return new Binary(Expr.Op.DIV, numerator, new Binary(Expr.Op.ADD, small, Num.ONE));
  }

  /**
   * Mish's {@code tanh(softplus(u))} and the two sigmoids of its derivative ({@code 1 - tanh(v)^2}
   * simplifies to {@code 4 sigmoid(-2v) sigmoid(2v)}), over the same {@code w = exp(-|u|)} as
   * {@code sigmoid(u)}: with {@code n = e^u (e^u + 2)}, tanh(softplus(u)) = n / (n + 2), sigmoid(2
   * softplus(u)) = (n + 1) / (n + 2) and sigmoid(-2 softplus(u)) = 1 / (n + 2). Scaled by w^2 where
   * u >= 0, so that nothing overflows: {@code r = u >= 0 ? w^2 : 1}, {@code num = u >= 0 ? 2w + 1 :
   * w (w + 2)} (n r, without the cancellation of (1 + w)^2 - 1) and {@code den = num + 2r} give
   * {@code num / den}, {@code (num + r) / den} and {@code r / den}: sums of positive terms and one
   * division each, where the written forms take exp, log1p, and tanh's or sigmoid's own exp. Mish's
   * derivative then takes one exponential instead of four. u = -inf gives 0, 1/2, 1/2; +inf gives
   * 1, 1, 0; NaN gives NaN.
   */
  private static Expr expandTanhSoftplus(Call call, Expr u) {
    Expr w = expNegAbs(u);
    Expr positive = new Compare(CmpOp.GE, u, Num.ZERO);
    Expr r = new Select(positive, new Binary(Expr.Op.MUL, w, w), Num.ONE);
    Expr num =
        new Select(
            positive,
            new Binary(Expr.Op.ADD, new Binary(Expr.Op.MUL, Num.TWO, w), Num.ONE),
            new Binary(Expr.Op.MUL, w, new Binary(Expr.Op.ADD, w, Num.TWO)));
    Expr den = new Binary(Expr.Op.ADD, num, new Binary(Expr.Op.MUL, Num.TWO, r));
    Expr numerator;
    if (call.function() == Function.TANH) {
      numerator = num;
    } else if (call.arg(0) instanceof Neg) {
      numerator = r; // sigmoid(-(2 softplus(u)))
    } else {
      numerator = new Binary(Expr.Op.ADD, num, r); // sigmoid(2 softplus(u))
    }
    return new Binary(Expr.Op.DIV, numerator, den);
  }

  /**
   * {@code exp(-|u|)}, built the same way for u and -u wherever it is spelled out, so that {@link
   * #shareCommon} computes it once for sigmoid(x), softplus(x) and tanh(softplus(x)) alike; {@link
   * #isExpNegAbs} recognises it.
   */
  private static Expr expNegAbs(Expr u) {
    Expr magnitude = u instanceof Neg ? ((Neg) u).operand() : u;
    return new Call(Function.EXP, List.of(new Neg(new Call(Function.ABS, List.of(magnitude)))));
  }

  /**
   * u when {@code e} is {@code tanh(softplus(u))}, {@code sigmoid(2 * softplus(u))} or {@code
   * sigmoid(-(2 * softplus(u)))}, which {@link #expandTanhSoftplus} computes without log1p; else
   * null.
   */
  private static Expr mishSoftplusArgument(Expr e) {
    if (!(e instanceof Call)) {
      return null;
    }
    Call c = (Call) e;
    Expr arg = c.function() == Function.SIGMOID || c.function() == Function.TANH ? c.arg(0) : null;
    if (c.function() == Function.SIGMOID) {
      arg = arg instanceof Neg ? ((Neg) arg).operand() : arg;
      if (!(arg instanceof Binary
          && ((Binary) arg).op() == Expr.Op.MUL
          && ((Binary) arg).left() instanceof Num
          && ((Num) ((Binary) arg).left()).value() == 2)) {
        return null;
      }
      arg = ((Binary) arg).right();
    }
    return arg instanceof Call && ((Call) arg).function() == Function.SOFTPLUS
        ? ((Call) arg).arg(0)
        : null;
  }

  /**
   * ndtr, npdf and GELU's forms ({@link #normalForms}) over one shared exponential; see {@link
   * #expandLogistic}. With a = min(|u|, 40), G = exp(-a^2 / 2) and the tail T = G mills(a) =
   * ndtr(-a):
   *
   * <ul>
   *   <li>{@code ndtr_times(u) = u < 0 ? -(a T) : u (1 - T)}: where u &lt; 0, a = -u up to 40,
   *       beyond which T is 0 in double, so -(a T) has the bits of u T, and -0 at u = -inf;
   *   <li>{@code ndtr_slope(u) = u < 0 ? G D : 1 - G D} with {@code D = mills(a) - a / sqrt(2 pi)}:
   *       ndtr(u) + u npdf(u) with G taken out of both terms (u npdf(u) = -a G / sqrt(2 pi) for u
   *       &lt; 0, +a G / sqrt(2 pi) above), G D at most 1/2, so 1 - G D does not cancel. D cancels
   *       at a0 = 0.75179, where the derivative crosses zero, to an absolute error of about 1e-17
   *       in double, far below the 2^-23 the accuracy contract allows there.
   * </ul>
   */
  private static Expr expandNormal(Call call) {
    Expr u = call.arg(0);
    Expr magnitude = u instanceof Neg ? ((Neg) u).operand() : u;
    Expr a =
        new Call(Function.MIN, List.of(new Call(Function.ABS, List.of(magnitude)), NORMAL_LIMIT));
    Expr gauss =
        new Call(
            Function.EXP,
            List.of(new Neg(new Binary(Expr.Op.MUL, new Num(0.5), new Binary(Expr.Op.MUL, a, a)))));
    Num density = new Num(1 / Math.sqrt(2 * Math.PI));
    if (call.function() == Function.NPDF) {
      return new Binary(Expr.Op.MUL, density, gauss);
    }
    Expr mills = new Call(Function.MILLS, List.of(a));
    Expr negative = new Compare(CmpOp.LT, u, Num.ZERO);
    if (call.function() == Function.NDTR_SLOPE) {
      Expr gap = new Binary(Expr.Op.SUB, mills, new Binary(Expr.Op.MUL, a, density));
      Expr scaled = new Binary(Expr.Op.MUL, gauss, gap);
      return new Select(negative, scaled, new Binary(Expr.Op.SUB, Num.ONE, scaled));
    }
    Expr tail = new Binary(Expr.Op.MUL, gauss, mills);
    Expr upper = new Binary(Expr.Op.SUB, Num.ONE, tail);
    if (call.function() == Function.NDTR_TIMES) {
      return new Select(
          negative, new Neg(new Binary(Expr.Op.MUL, a, tail)), new Binary(Expr.Op.MUL, u, upper));
    }
    return new Select(negative, tail, upper);
  }

  /** Where the normal density's exp(-a^2 / 2) is 0 in double (a^2 / 2 = 800). */
  private static final Num NORMAL_LIMIT = new Num(40);

  /**
   * {@code x > c ? u(x) : v(x)} becomes {@code x > c ? u(max(x, c)) : v(min(x, c))} when a branch
   * is transcendental: the values are unchanged where each branch is used, and the unused one no
   * longer overflows (ELU's {@code expm1(x)} at x = 1e4).
   */
  private Expr clamp(Expr e) {
    Expr mapped = Exprs.mapChildren(e, this::clamp);
    if (!(mapped instanceof Select) || !(((Select) mapped).condition() instanceof Compare)) {
      return mapped;
    }
    Select s = (Select) mapped;
    Compare c = (Compare) s.condition();
    Expr var = c.left();
    Expr bound = c.right();
    CmpOp op = c.op();
    if (!(var instanceof Var && inputs.contains(((Var) var).name()))) {
      var = c.right();
      bound = c.left();
      op = op.flipped();
    }
    if (!(var instanceof Var && inputs.contains(((Var) var).name()))
        || Exprs.uses(bound, ((Var) var).name())) {
      return mapped;
    }
    String name = ((Var) var).name();
    boolean thenAbove = op == CmpOp.GT || op == CmpOp.GE;
    boolean thenBelow = op == CmpOp.LT || op == CmpOp.LE;
    if (!thenAbove && !thenBelow) {
      return mapped;
    }
    Expr above = new Call(Function.MAX, List.of(var, bound));
    Expr below = new Call(Function.MIN, List.of(var, bound));
    Expr then =
        Exprs.isTranscendental(s.then())
            ? Exprs.substitute(s.then(), name, thenAbove ? above : below)
            : s.then();
    Expr otherwise =
        Exprs.isTranscendental(s.otherwise())
            ? Exprs.substitute(s.otherwise(), name, thenAbove ? below : above)
            : s.otherwise();
    return new Select(s.condition(), then, otherwise);
  }

  private CodeBlock emit(Expr e) {
    String local = locals.get(e);
    if (local != null) {
      return CodeBlock.of("$N", local);
    }
    boolean lanewise = lanes != null && !isUniform(e);
    if (lanes != null && !lanewise && !inUniform) {
      return uniform(e);
    }
    if (sharedCandidates.contains(e) && (lanes == null || lanewise)) {
      CodeBlock value = lanewise ? renderLanes(e) : render(e);
      // a compensated exp or a spelled-out swish gain has bound itself
      String bound = locals.get(e);
      return bound != null ? CodeBlock.of("$N", bound) : bind(e, value, lanewise);
    }
    return lanewise ? renderLanes(e) : render(e);
  }

  /** {@code e} as a name, for code that reads it twice: a variable, or a local bound to it. */
  private CodeBlock named(Expr e) {
    CodeBlock value = emit(e);
    if (e instanceof Var || locals.containsKey(e)) {
      return value;
    }
    return bind(e, value, lanes != null && !isUniform(e));
  }

  /** Declares the next local as {@code value}, the code of {@code e}, and returns its name. */
  private CodeBlock bind(Expr e, CodeBlock value, boolean lanewise) {
    String name = localPrefix + locals.size();
    locals.put(e, name);
    if (lanewise) {
      statements.add(CodeBlock.of("$T $N = $L", laneType(), name, value));
    } else {
      statements.add(CodeBlock.of("$L $N = $L", inDouble ? "double" : "float", name, value));
    }
    return CodeBlock.of("$N", name);
  }

  /**
   * The comparison under which {@code max(v, c)} or {@code min(v, c)} is c rather than v, for a
   * number c that is not NaN, given as the lanes hold it (rounded to float for float lanes): {@code
   * v.blend(c, v.compare(op, c))} then gives Math.max's and Math.min's bits. NaN compares false and
   * stays; Math.max(-0, +0) is +0, so max against +0 replaces where v &lt;= c, and Math.min(+0, -0)
   * is -0, so min against -0 where v &gt;= c.
   */
  public static CmpOp clampComparison(Function f, double c) {
    long bits = Double.doubleToRawLongBits(c);
    if (f == Function.MAX) {
      return bits == 0L ? CmpOp.LE : CmpOp.LT;
    }
    return bits == Long.MIN_VALUE ? CmpOp.GE : CmpOp.GT;
  }

  // ---- Vector API code ----

  private static final ClassName VECTOR_OPERATORS =
      ClassName.get("jdk.incubator.vector", "VectorOperators");

  /** {@code DoubleVector} or {@code FloatVector}: the type of lane values. */
  public ClassName laneType() {
    return ClassName.get("jdk.incubator.vector", inDouble ? "DoubleVector" : "FloatVector");
  }

  /** The species constant of the lanes, in {@code VectorConstants}; Vector API lowerings only. */
  public CodeBlock species() {
    if (lanes == null) {
      throw new IllegalStateException("a scalar lowering has no species");
    }
    return CodeBlock.of(
        "$T.$L", RuntimeTypes.VECTOR_CONSTANTS, inDouble ? "DOUBLES" : floatSpecies);
  }

  /** Whether {@code e} is the same in every lane: it reads no vector variable. */
  private boolean isUniform(Expr e) {
    for (String v : Exprs.variables(e)) {
      if (lanes.contains(v)) {
        return false;
      }
    }
    return !Exprs.hasDraws(e);
  }

  /** Whether a uniform expression of Vector API code is being rendered (see {@link #uniform}). */
  private boolean inUniform;

  /**
   * A uniform value where lanes code takes it, in the lane type. In float lanes a uniform
   * transcendental ({@code exp(k)}) is computed with the double functions of scalar code, so the
   * whole value is rounded to float once here: lanewise operations take no double operand.
   */
  private CodeBlock uniform(Expr e) {
    inUniform = true;
    CodeBlock v;
    try {
      v = render(e);
    } finally {
      inUniform = false;
    }
    if (inDouble || !isDoubleInJava(e)) {
      return v;
    }
    return e instanceof Call || e instanceof Select // (c ? a : b) is parenthesised
        ? CodeBlock.of("(float) $L", v)
        : CodeBlock.of("(float) ($L)", v);
  }

  /** Whether the scalar Java code {@link #render} writes for {@code e} has type double. */
  private static boolean isDoubleInJava(Expr e) {
    if (e instanceof Call) {
      switch (((Call) e).function()) {
        case MIN:
        case MAX:
        case ABS:
        case SIGN:
        case ERF:
        case ERFC:
          break; // float overloads (Math's, SpecialFunctions'): double only for a double argument
        default:
          return true; // BranchFreeMath, Math.log and Math.sqrt, MillsRatio: double only
      }
    } else if (e instanceof Binary && ((Binary) e).op() == Expr.Op.POW) {
      return true; // Math.pow
    } else if (e instanceof Compare || e instanceof Logic || e instanceof Not) {
      return false; // booleans
    } else if (e instanceof Select) {
      return isDoubleInJava(((Select) e).then()) || isDoubleInJava(((Select) e).otherwise());
    } else if (e instanceof Draw) {
      return false; // cast where it is drawn
    }
    for (Expr c : Exprs.children(e)) {
      if (isDoubleInJava(c)) {
        return true;
      }
    }
    return false;
  }

  /** A condition as a mask: {@code maskAll} of a uniform one. */
  private CodeBlock mask(Expr c) {
    return isUniform(c) ? CodeBlock.of("$L.maskAll($L)", species(), emit(c)) : emit(c);
  }

  /** {@code e} as a vector: broadcast when it is uniform. */
  private CodeBlock vec(Expr e) {
    return isUniform(e) && !locals.containsKey(e)
        ? CodeBlock.of("$T.broadcast($L,$W$L)", laneType(), species(), emit(e))
        : emit(e);
  }

  /**
   * The dot of a call chained on the lowered {@code receiver}, where JavaPoet may wrap the line
   * ({@code $Z}) unless the receiver is a plain name (an input or a local): {@code t1.mul(t2)}
   * stays whole, a long chain breaks before one of its calls. Asked after the receiver is emitted,
   * which may have made it a local.
   */
  private String dot(Expr receiver) {
    return receiver instanceof Var || locals.containsKey(receiver) ? "." : "$Z.";
  }

  private CodeBlock renderLanes(Expr e) {
    if (e instanceof Var) {
      String n = names.get(((Var) e).name());
      if (n == null) {
        throw new IllegalStateException("no Java name for " + ((Var) e).name());
      }
      return CodeBlock.of("$L", n);
    } else if (e instanceof Neg) {
      return CodeBlock.of("$L.neg()", emit(((Neg) e).operand()));
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      int power = Exprs.smallPower(b);
      if (power > 0) {
        CodeBlock base = emit(b.left());
        CodeBlock.Builder out = CodeBlock.builder().add("$L", base);
        for (int i = 1; i < power; i++) {
          out.add(".mul($L)", base); // (b * b) * b, as the scalar code multiplies
        }
        return out.build();
      }
      String op = b.op().name().toLowerCase(java.util.Locale.ROOT);
      boolean commutes = b.op() == Expr.Op.ADD || b.op() == Expr.Op.MUL;
      if (isUniform(b.left()) && commutes) {
        // c + v == v + c and c * v == v * c exactly in IEEE arithmetic
        CodeBlock receiver = emit(b.right());
        return CodeBlock.of("$L" + dot(b.right()) + "$L($L)", receiver, op, emit(b.left()));
      }
      CodeBlock receiver = vec(b.left());
      return CodeBlock.of("$L" + dot(b.left()) + "$L($L)", receiver, op, emit(b.right()));
    } else if (e instanceof Call) {
      return callLanes((Call) e);
    } else if (e instanceof Select) {
      Select s = (Select) e;
      if (isUniform(s.condition())) {
        return CodeBlock.of(
            "($L$W? $L$W: $L)", emit(s.condition()), vec(s.then()), vec(s.otherwise()));
      }
      CodeBlock otherwise = vec(s.otherwise());
      return CodeBlock.of(
          "$L" + dot(s.otherwise()) + "blend($L,$W$L)",
          otherwise,
          emit(s.then()),
          emit(s.condition()));
    } else if (e instanceof Compare) {
      Compare c = (Compare) e;
      if (isUniform(c.left())) {
        return CodeBlock.of(
            "$L.compare($T.$L,$W$L)",
            emit(c.right()),
            VECTOR_OPERATORS,
            c.op().flipped().name(),
            emit(c.left()));
      }
      return CodeBlock.of(
          "$L.compare($T.$L,$W$L)",
          emit(c.left()),
          VECTOR_OPERATORS,
          c.op().name(),
          emit(c.right()));
    } else if (e instanceof Logic) {
      Logic l = (Logic) e;
      // a uniform side (a comparison of params) is a boolean: all lanes or none
      Expr first = isUniform(l.left()) ? l.right() : l.left();
      Expr second = first == l.left() ? l.right() : l.left();
      CodeBlock receiver = emit(first);
      return CodeBlock.of(
          "$L" + dot(first) + "$L($L)", receiver, l.and() ? "and" : "or", mask(second));
    } else if (e instanceof Not) {
      return CodeBlock.of("$L.not()", emit(((Not) e).operand()));
    }
    // numbers are uniform; draws are not vectorizable
    throw new AssertionError(e);
  }

  private CodeBlock callLanes(Call c) {
    Function f = c.function();
    if (f == Function.MIN || f == Function.MAX) {
      // Math.max(a, b) == Math.max(b, a), signed zeros and NaN included: put the vector first
      Expr first = isUniform(c.arg(0)) ? c.arg(1) : c.arg(0);
      Expr second = first == c.arg(0) ? c.arg(1) : c.arg(0);
      if (second instanceof Num && !Double.isNaN(((Num) second).value())) {
        // Against a number, a compare and a blend: two instructions, where lanewise MIN/MAX,
        // which must order -0 below +0 and keep NaN for any operand, take five. ReLU6's training
        // forward went from 0.36 to 0.23 ns per element at 1M floats. Spelled out here, not
        // called: a helper method is not force-inlined as the Vector API's own are, and in a
        // SUGAR factor loop C2 had spent its node budget before reaching it (4.3 ns per element
        // instead of 1.8, boxing).
        CodeBlock v = named(first);
        CodeBlock bound = emit(second);
        double value = ((Num) second).value();
        // the bound as the lanes hold it: a tiny double literal is +-0 in float lanes
        CmpOp replaceWhere = clampComparison(f, inDouble ? value : (float) value);
        return CodeBlock.of(
            "$L.blend($L,$W$L.compare($T.$L,$W$L))",
            v,
            bound,
            v,
            VECTOR_OPERATORS,
            replaceWhere,
            bound);
      }
      CodeBlock receiver = emit(first);
      return CodeBlock.of(
          "$L" + dot(first) + "$L($L)", receiver, f == Function.MIN ? "min" : "max", emit(second));
    }
    if (!inDouble && f == Function.SWISH_GAIN) {
      CodeBlock a = named(c.arg(0));
      // sigmoid(u)'s exp(-|u|), which shareCommon has made a local, then u's low part
      CodeBlock w = named(expNegAbs(c.arg(0)));
      return spelledOutSwishGain(c, a, lowPart(c.arg(0)), w);
    }
    if (!inDouble && f == Function.EXP && compensated(c.arg(0))) {
      return compensatedExp(c);
    }
    CodeBlock a = emit(c.arg(0));
    switch (f) {
      case ABS:
        return CodeBlock.of("$L.abs()", a);
      case SQRT:
        return CodeBlock.of("$L.sqrt()", a);
      case SIGN:
      case ERFC:
      case MILLS:
        // (sigmoid, softplus, ndtr and npdf were spelled out by expandLogistic)
        return CodeBlock.of(
            "$T.$L($L)",
            RuntimeTypes.VECTOR_MATH,
            f == Function.SIGN ? "signum" : f.formulaName(),
            a);
      case TANH:
        // VectorMath's own, in float and double lanes: JDK 17's lanewise TANH is a scalar loop
        return CodeBlock.of("$T.tanh($L)", RuntimeTypes.VECTOR_MATH, a);
      case EXP:
      case EXPM1:
        if (!inDouble) {
          // see hasFloatLanes (an exp of a product held in two floats is compensatedExp's)
          return CodeBlock.of("$T.$L($L)", RuntimeTypes.VECTOR_MATH, f.formulaName(), a);
        }
        return CodeBlock.of(
            "$L" + dot(c.arg(0)) + "lanewise($T.$L)", a, VECTOR_OPERATORS, f.name());
      case LOG1P:
        if (inDouble && isExpNegAbs(c.arg(0))) {
          // softplus's log1p(exp(-|u|)): an argument in [0, 1], where a short series suffices
          return CodeBlock.of("$T.log1pOfUnit($L)", RuntimeTypes.VECTOR_MATH, a);
        }
        return CodeBlock.of(
            "$L" + dot(c.arg(0)) + "lanewise($T.$L)", a, VECTOR_OPERATORS, f.name());
      case LOG:
        return CodeBlock.of(
            "$L" + dot(c.arg(0)) + "lanewise($T.$L)", a, VECTOR_OPERATORS, f.name());
      default:
        throw new IllegalStateException(f + " has no lanewise form");
    }
  }

  // ---- float lanes: exp of a compensated product, and swish_gain ----

  /**
   * {@code exp(a)} in float lanes for an argument a held in two floats: a product {@code c * v}
   * rounded to float, and what the rounding (and c's own, for a double c) took off, its low part
   * ({@link #lowPart}). exp magnifies an argument's rounding by |a|, 50 ulps at a = -50; {@code
   * exp(a) (1 + lo)}, one fma, takes it back to the exp's own 1.01 ulps, as lo is at most an ulp of
   * a (lo^2 / 2 is far below a float ulp). Where exp(a) overflows, inf, whatever lo. The exp comes
   * first, the low part after it: C2 inlines {@code VectorMath.exp} only while the compilation is
   * still small (see {@link #spelledOutSwishGain}).
   */
  private CodeBlock compensatedExp(Call c) {
    CodeBlock a = named(c.arg(0));
    String hi = localPrefix + locals.size() + "Hi";
    statements.add(CodeBlock.of("$T $N = $T.exp($L)", laneType(), hi, RuntimeTypes.VECTOR_MATH, a));
    CodeBlock lo = lowPart(c.arg(0));
    CodeBlock e = CodeBlock.of("$N.fma($L,$W$N)", hi, lo, hi);
    if (!isExpNegAbs(c)) {
      // inf * lo may be NaN; exp(-|u|) is at most 1
      e =
          CodeBlock.of(
              "$L.blend($N,$W$N.compare($T.EQ,$WFloat.POSITIVE_INFINITY))",
              e,
              hi,
              hi,
              VECTOR_OPERATORS);
    }
    return bind(c, e, true);
  }

  /** Whether float lanes hold {@code e}, or -e or |e| of it, in two floats ({@link #lowPart}). */
  private boolean compensated(Expr e) {
    if (roundedFurther) {
      return false;
    }
    Expr factor = compensatedFactor(withoutSignOps(e), lowerableParams());
    return factor != null && !productExact(factor);
  }

  /**
   * Whether a product with {@code factor} (a compensable one, {@link #compensatedFactor}) is exact
   * in float lanes, which therefore take no low part for it: a parameter under {@link
   * #parameterProductsExact}. Noted for {@link #productParams}.
   */
  private boolean productExact(Expr factor) {
    if (parameterProductsExact && factor instanceof Var) {
      exactProductParams.add(((Var) factor).name());
      return true;
    }
    return false;
  }

  /** Whether products with parameters are exact; see {@link #parameterProductsExact()}. */
  private boolean parameterProductsExact;

  /** The parameters whose products {@link #productExact} took as exact. */
  private final Set<String> exactProductParams = new TreeSet<>();

  /**
   * Float lanes for parameter values that are powers of two (+-2^k), each product {@code p * v}
   * with one exact in float: where {@code p} would be held in two floats ({@link
   * #compensatedFactor}), its low part is left out, as it would be 0. (A product that rounds into
   * the subnormal range does have one, below 2^-149, and exp(-|p v|) rounds to 1 with or without
   * it; the sums it would enter are 1 or more. So the results are the same bits, but for the sign
   * and payload of a NaN.) The kernel writer emits such lanes as a second class, which layers pick
   * for such values.
   */
  public Lowering parameterProductsExact() {
    this.parameterProductsExact = true;
    return this;
  }

  /**
   * The parameters whose products with a lane value the code lowered so far holds in float lanes,
   * in two floats ({@link #lowParams}) or, taken as exact ({@link #parameterProductsExact}), in
   * one: the kernels need each at least 2^-7 in magnitude either way, as exp's subnormal range
   * would magnify what it loses ({@link #compensatedFactor}).
   */
  public Set<String> productParams() {
    Set<String> all = new TreeSet<>(lowParams);
    all.addAll(exactProductParams);
    return Set.copyOf(all);
  }

  /**
   * Whether {@code e} is a product float lanes hold in two floats ({@link #compensatedFactor}), or
   * its negation or absolute value: what {@link #lowPart} takes. The one rule for the choice of
   * lanes ({@link #floatLanesSuffice}) and for the code ({@link #compensated}).
   */
  private static boolean compensable(Expr e, Set<String> params) {
    return compensatedFactor(withoutSignOps(e), params) != null;
  }

  /**
   * {@code r + r^2 q(r)}, exp(r) - 1 to degree 6, for the swish gain's |r| &lt; 1/4: the first term
   * left out, r^7 / 5040, times e^u0 is below 2^-26 of the numerator d + e^u0 expm1(d) it enters.
   */
  private static CodeBlock expm1NearZero(String r) {
    return CodeBlock.of(
        "$N.mul($N)$Z.fma($N.fma(1f / 720,$W1f / 120)$Z.fma($N,$W$N.broadcast(1f / 24))"
            + "$Z.fma($N,$W$N.broadcast(1f / 6))$Z.fma($N,$W$N.broadcast(0.5f)),$W$N)",
        r,
        r,
        r,
        r,
        r,
        r,
        r,
        r,
        r,
        r);
  }

  /**
   * {@code swish_gain(u) = 1 + u sigmoid(-u)} in float lanes, for u = {@code a} (plus {@code lo},
   * see {@link #lowPart}) and {@code w = exp(-|u|)}, as statements declaring {@code tN} and its
   * parts: the factor by which sigmoid(u) becomes the derivative of u sigmoid(u) ({@link
   * #swishGainForm}). Written as SiLU's sum {@code sigmoid(u) + u sigmoid(u) sigmoid(-u)}, float
   * lanes lose tens of ulps where it crosses zero (u0 = -1.2785, the root of 1 + u + e^u) to the
   * rounding of its terms. Here it is n / (1 + w) with a numerator that does not cancel:
   *
   * <ul>
   *   <li>u &gt;= 0: n = (1 + w) + u w, a sum of positive terms;
   *   <li>u &lt; 0: n = 1 + u + e^u, with 1 + u exact (Sterbenz) near the root, so that only w's
   *       ulp is magnified by the cancellation;
   *   <li>|u - u0| &lt; 1/4: n = d + W expm1(d) with d = u - u0 and W = e^u0 = -(1 + u0) ({@code
   *       VectorMath.SWISH_ROOT_*}), the same sum with the root taken out exactly: d and expm1(d)
   *       have one sign, so nothing cancels, however close to the root.
   * </ul>
   *
   * <p>Where w is 0 and u negative (u below -104), sigmoid(u) is 0 in float and so is the
   * derivative; the gain is taken as 0 there rather than 1 + u, so that the product is +0, as the
   * written sum {@code 0 + u * 0} is in the scalar loops, not -0. u = +inf gives 1 (u is clamped to
   * the largest float first); NaN gives NaN.
   *
   * <p>Written out, not a {@code VectorMath} helper: C2 inlines an ordinary method only while its
   * compilation has made fewer than {@code NodeCountInliningCutoff} (18000) nodes, and every Vector
   * API call makes hundreds; the Vector API's own methods are force-inlined past that point, ours
   * are not. A helper reached late in a loop body is called, its vectors boxed on every iteration:
   * SiLU's float-lane training forward took 3.8-5.5 ns per element with this gain as a helper
   * (bench/README.md).
   */
  private CodeBlock spelledOutSwishGain(Call c, CodeBlock a, CodeBlock lo, CodeBlock w) {
    String t = localPrefix + locals.size();
    ClassName vm = RuntimeTypes.VECTOR_MATH;
    ClassName floats = laneType();
    CodeBlock plusLo = lo == null ? CodeBlock.of("") : CodeBlock.of("$Z.add($L)", lo);
    // +inf would make u w + d inf * 0; -inf takes the negative form's w = 0 arm, which gives 0
    statements.add(
        CodeBlock.of(
            "$T $N = $L.blend(Float.MAX_VALUE,$W$L.compare($T.GT,$WFloat.MAX_VALUE))",
            floats,
            t + "u",
            a,
            a,
            VECTOR_OPERATORS));
    statements.add(CodeBlock.of("$T $N = $L.add(1f)", floats, t + "d", w));
    statements.add(
        CodeBlock.of(
            "$T $N = $Nu.sub($T.SWISH_ROOT_HI)$Z.sub($T.SWISH_ROOT_LO)$L",
            floats,
            t + "FromRoot",
            t,
            vm,
            vm,
            plusLo));
    statements.add(
        CodeBlock.of(
            "$T $N = $L.fma($NFromRoot.broadcast($T.SWISH_ROOT_EXP),$W$NFromRoot)",
            floats,
            t + "NearRoot",
            expm1NearZero(t + "FromRoot"),
            t,
            vm,
            t));
    statements.add(
        CodeBlock.of(
            "$T $N = $Nu.add(1f).add($L)$L$Z.blend(0f,$W$L.compare($T.EQ,$W0f))",
            floats,
            t + "Negative",
            t,
            w,
            plusLo,
            w,
            VECTOR_OPERATORS));
    CodeBlock n =
        CodeBlock.of(
            "$NNegative.blend($NNearRoot,$W$NFromRoot.abs().compare($T.LT,$W0.25f))"
                + "$Z.blend($Nu.fma($L,$W$Nd),$W$Nu.compare($T.GE,$W0f))",
            t,
            t,
            t,
            VECTOR_OPERATORS,
            t,
            w,
            t,
            t,
            VECTOR_OPERATORS);
    locals.put(c, t);
    statements.add(CodeBlock.of("$T $N = $L.div($Nd)", floats, t, n, t));
    return CodeBlock.of("$N", t);
  }

  /**
   * In float lanes, what rounding took off {@code e}, a product held in two floats ({@link
   * #compensatedFactor}), or -e or |e| of one, as a local named after the product's; null where e
   * is computed exactly. For {@code c * v}: {@code fma(v, c, -(c * v))}, exact, plus v times what
   * rounding c to float took off ({@code <c>Lo}, hoisted with the parameter, or a number), and 0
   * where the product overflowed (its lows would be infinite, and exp(-inf) takes none).
   */
  private CodeBlock lowPart(Expr e) {
    if (e instanceof Neg) {
      CodeBlock lo = lowPart(((Neg) e).operand());
      return lo == null ? null : CodeBlock.of("$L.neg()", lo);
    }
    if (e instanceof Call && ((Call) e).function() == Function.ABS) {
      Expr v = ((Call) e).arg(0);
      CodeBlock lo = lowPart(v);
      // |hi + lo| = sign(hi) (hi + lo): lo with hi's sign bit flipped in, two integer operations
      return lo == null
          ? null
          : CodeBlock.of(
              "$L.reinterpretAsInts()$Z.lanewise($T.XOR,$W$L.reinterpretAsInts().and($T.MIN_VALUE))"
                  + "$Z.reinterpretAsFloats()",
              lo,
              VECTOR_OPERATORS,
              emit(v),
              Integer.class);
    }
    Expr c = compensatedFactor(e, lowerableParams());
    if (c == null || productExact(c)) {
      return null;
    }
    CodeBlock hi = named(e);
    String name = hi + "Lo";
    if (!lowLocals.add(name)) {
      return CodeBlock.of("$N", name);
    }
    Binary product = (Binary) e;
    CodeBlock v = emit(product.left() == c ? product.right() : product.left());
    CodeBlock.Builder lo = CodeBlock.builder().add("$L.fma($L,$W$L.neg())", v, vec(c), hi);
    if (c instanceof Var) {
      lowParams.add(((Var) c).name());
      lo.add("$Z.add($L.mul($N))", v, names.get(lowPartKey(((Var) c).name())));
    } else {
      double value = ((Num) c).value();
      float rest = (float) (value - (float) value);
      if (rest != 0) {
        lo.add("$Z.add($L.mul($L))", v, literal(rest));
      }
    }
    lo.add("$Z.blend(0f,$W$L.abs().compare($T.GT,$WFloat.MAX_VALUE))", hi, VECTOR_OPERATORS);
    statements.add(CodeBlock.of("$T $N = $L", laneType(), name, lo.build()));
    return CodeBlock.of("$N", name);
  }

  /** The parameters among the names this lowering was given. */
  private Set<String> lowerableParams() {
    Set<String> params = new HashSet<>();
    for (String name : names.keySet()) {
      if (!lanes.contains(name) && !inputs.contains(name) && !name.startsWith(lowPartKey(""))) {
        params.add(name);
      }
    }
    return params;
  }

  /**
   * The key under which the Java names given to a lowering map a constant parameter's low part
   * (what rounding it to float took off, hoisted by the kernel): no formula name has a colon.
   */
  public static String lowPartKey(String param) {
    return "lo:" + param;
  }

  /** The low parts {@link #lowPart} has declared. */
  private final Set<String> lowLocals = new HashSet<>();

  /** The parameters whose low part the code lowered so far reads; see {@link #lowParams}. */
  private final Set<String> lowParams = new TreeSet<>();

  /**
   * The parameters whose low part, what rounding them to float took off, the code lowered so far
   * reads ({@link #compensatedFactor}): the kernel hoists {@code <name>Lo} for each, and checks
   * their magnitude when it is built.
   */
  public Set<String> lowParams() {
    return Set.copyOf(lowParams);
  }

  /**
   * Whether {@code e} is {@code exp(-|u|)} ({@link #expNegAbs}), which lies in [0, 1] or is NaN.
   */
  private static boolean isExpNegAbs(Expr e) {
    if (!(e instanceof Call) || ((Call) e).function() != Function.EXP) {
      return false;
    }
    Expr arg = ((Call) e).arg(0);
    return arg instanceof Neg
        && ((Neg) arg).operand() instanceof Call
        && ((Call) ((Neg) arg).operand()).function() == Function.ABS;
  }

  private CodeBlock render(Expr e) {
    if (e instanceof Num) {
      return literal(((Num) e).value());
    } else if (e instanceof Var) {
      String n = names.get(((Var) e).name());
      if (n == null) {
        throw new IllegalStateException("no Java name for " + ((Var) e).name());
      }
      return CodeBlock.of("$L", n);
    } else if (e instanceof Neg) {
      return CodeBlock.of("-$L", paren(((Neg) e).operand()));
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      int power = Exprs.smallPower(b);
      if (power > 0) {
        CodeBlock base = paren(b.left());
        CodeBlock.Builder out = CodeBlock.builder().add("$L", base);
        for (int i = 1; i < power; i++) {
          out.add("$W* $L", base);
        }
        return out.build();
      }
      if (b.op() == Expr.Op.POW) {
        return CodeBlock.of("$T.pow($L,$W$L)", Math.class, emit(b.left()), emit(b.right()));
      }
      return CodeBlock.of(
          "$L$W$L $L",
          operand(b.left(), b.op(), false),
          b.op().symbol,
          operand(b.right(), b.op(), true));
    } else if (e instanceof Call) {
      return call((Call) e);
    } else if (e instanceof Select) {
      Select s = (Select) e;
      if (lanes != null) {
        // a uniform select in Vector API code: computed once, outside the lanes
        return CodeBlock.of(
            "($L$W? $L$W: $L)", emit(s.condition()), emit(s.then()), emit(s.otherwise()));
      }
      // A floating-point ?: is a jump on x86 (see Branchless); select masks both arms' bits with
      // the condition's 0/1 int, so both are computed for every element, a random draw included.
      return CodeBlock.of(
          "$T.select($L,$W$L,$W$L)",
          RuntimeTypes.BRANCHLESS,
          emit(s.condition()),
          emit(s.then()),
          emit(s.otherwise()));
    } else if (e instanceof Compare) {
      Compare c = (Compare) e;
      if (lanes == null) {
        return compareBit(c);
      }
      // a uniform condition in Vector API code: a boolean, computed once outside the lanes
      return CodeBlock.of("$L $L $L", paren(c.left()), c.op().symbol, paren(c.right()));
    } else if (e instanceof Logic) {
      Logic l = (Logic) e;
      // the same operators for 0/1 ints (scalar code) and booleans (uniform vector conditions)
      return CodeBlock.of("$L$W$L $L", paren(l.left()), l.and() ? "&" : "|", paren(l.right()));
    } else if (e instanceof Not) {
      return lanes == null
          ? CodeBlock.of("($L ^ 1)", paren(((Not) e).operand()))
          : CodeBlock.of("!$L", paren(((Not) e).operand()));
    } else if (e instanceof Draw) {
      Draw d = (Draw) e;
      if (drawKey == null) {
        throw new IllegalStateException("a draw in an expression lowered without a key");
      }
      CodeBlock index =
          drawsPerElement == 1
              ? CodeBlock.of("$L", drawIndex)
              : CodeBlock.of("$L * $L + $L", drawIndex, drawsPerElement + "L", d.id());
      CodeBlock draw =
          CodeBlock.of(
              "$T.$L($L,$W$L,$W$L,$W$L)",
              RuntimeTypes.COUNTER_RANDOM,
              d.distribution() == Distribution.UNIFORM ? "uniform" : "normal",
              drawKey,
              index,
              emit(d.p1()),
              emit(d.p2()));
      return inDouble ? draw : CodeBlock.of("(float) $L", draw);
    }
    throw new AssertionError(e);
  }

  /**
   * A comparison in scalar code: 1 or 0 from {@code Branchless}, which compares without the jump
   * that a Java comparison is in bytecode (see there), in the formula's operand order.
   */
  private CodeBlock compareBit(Compare c) {
    CodeBlock left = emit(c.left());
    CodeBlock right = emit(c.right());
    switch (c.op()) {
      case LT:
        return bitCall("less", left, right);
      case GT:
        return bitCall("greater", left, right);
      case LE:
        if (isFiniteNumber(c.right())) {
          return bitCall("less", left, adjacent(c.right(), "nextUp"));
        } else if (isFiniteNumber(c.left())) {
          return bitCall("greater", right, adjacent(c.left(), "nextDown"));
        }
        return bitCall("lessOrEqual", left, right);
      case GE:
        if (isFiniteNumber(c.right())) {
          return bitCall("greater", left, adjacent(c.right(), "nextDown"));
        } else if (isFiniteNumber(c.left())) {
          return bitCall("less", right, adjacent(c.left(), "nextUp"));
        }
        return bitCall("greaterOrEqual", left, right);
      case EQ:
        return bitCall("equal", left, right);
      case NE:
        return CodeBlock.of("($L ^ 1)", bitCall("equal", left, right));
    }
    throw new AssertionError(c);
  }

  /**
   * Whether {@code e} is a number that stays finite in this lowering's precision. Against such a
   * number c, {@code x <= c} is {@code x < nextUp(c)} and {@code x >= c} is {@code x > nextDown(c)}
   * exactly, NaN included, and one {@code Branchless.less} costs half a {@code lessOrEqual}, which
   * must also rule out NaN operands (ReLU6's scalar mask loop: 3.3 ns per element).
   */
  private boolean isFiniteNumber(Expr e) {
    if (!(e instanceof Num)) {
      return false;
    }
    double v = ((Num) e).value();
    return inDouble ? Double.isFinite(v) : Float.isFinite((float) v);
  }

  /** {@code Math.nextUp(c)} or {@code Math.nextDown(c)}, which C2 folds to a constant. */
  private CodeBlock adjacent(Expr number, String method) {
    return CodeBlock.of("$T.$L($L)", Math.class, method, emit(number));
  }

  private static CodeBlock bitCall(String method, CodeBlock a, CodeBlock b) {
    return CodeBlock.of("$T.$L($L,$W$L)", RuntimeTypes.BRANCHLESS, method, a, b);
  }

  private CodeBlock call(Call c) {
    CodeBlock a = emit(c.arg(0));
    switch (c.function()) {
      case MIN:
        return CodeBlock.of("$T.min($L,$W$L)", Math.class, a, emit(c.arg(1)));
      case MAX:
        return CodeBlock.of("$T.max($L,$W$L)", Math.class, a, emit(c.arg(1)));
      case ABS:
        return CodeBlock.of("$T.abs($L)", Math.class, a);
      case SIGN:
        return CodeBlock.of("$T.signum($L)", Math.class, a);
      case EXP:
      case EXPM1:
      case LOG1P:
      case TANH:
        // see the class comment
        return CodeBlock.of(
            "$T.$L($L)", RuntimeTypes.BRANCH_FREE_MATH, c.function().formulaName(), a);
      case LOG:
      case SQRT:
        return CodeBlock.of("$T.$L($L)", Math.class, c.function().formulaName(), a);
      case ERF:
      case ERFC:
        return CodeBlock.of(
            "$T.$L($L)", RuntimeTypes.SPECIAL_FUNCTIONS, c.function().formulaName(), a);
      case MILLS:
        return CodeBlock.of("$T.mills($L)", RuntimeTypes.MILLS_RATIO, a);
      case SIGMOID:
      case SOFTPLUS:
      case NDTR:
      case NPDF:
        break; // spelled out by expandLogistic
    }
    throw new AssertionError(c);
  }

  /**
   * An operand of an arithmetic operator, parenthesised as Java's precedence needs: a sum inside a
   * product, and anything of equal precedence on the right (floating-point {@code a + (b - c)} is
   * not {@code a + b - c}).
   */
  private CodeBlock operand(Expr e, Expr.Op parent, boolean right) {
    if (e instanceof Binary
        && !locals.containsKey(e)
        && Exprs.smallPower(e) == 0
        && ((Binary) e).op() != Expr.Op.POW) {
      int child = rank(((Binary) e).op());
      int outer = rank(parent);
      if (child > outer || (child == outer && !right)) {
        return emit(e);
      }
    }
    if (e instanceof Neg && !right) {
      return emit(e);
    }
    return paren(e);
  }

  private static int rank(Expr.Op op) {
    return op == Expr.Op.ADD || op == Expr.Op.SUB ? 1 : 2;
  }

  /** {@code e}, parenthesised unless it is an atom. */
  private CodeBlock paren(Expr e) {
    CodeBlock inner = emit(e);
    if (locals.containsKey(e)
        || e instanceof Var
        || e instanceof Call
        || (e instanceof Select && (lanes == null || isUniform(e))) // a call, or (c ? a : b)
        || (e instanceof Compare && lanes == null) // a Branchless call, or (... ^ 1)
        || (e instanceof Not && lanes == null) // (... ^ 1)
        || (e instanceof Num && ((Num) e).value() >= 0 && !isNegativeZero(((Num) e).value()))
        || (e instanceof Draw && inDouble)) {
      return inner;
    }
    return CodeBlock.of("($L)", inner);
  }

  private CodeBlock literal(double v) {
    if (inDouble) {
      return javaDouble(v);
    }
    float f = (float) v;
    if (Float.isInfinite(f)) {
      return Double.isInfinite(v)
          ? CodeBlock.of("$T.$L", Float.class, v > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY")
          : CodeBlock.of("(float) $L", javaDouble(v)); // beyond float range: say which constant
    }
    if (f == Math.rint(f) && Math.abs(f) < 1e7f && !isNegativeZero(f)) {
      return CodeBlock.of("$Lf", (long) f);
    }
    return CodeBlock.of("$Lf", Float.toString(f));
  }

  /**
   * A Java double literal. An infinity names its constant through {@code $T}, so that the writers'
   * {@code alwaysQualify} spells it {@code java.lang.Double} beside a user's type named Double.
   */
  public static CodeBlock javaDouble(double v) {
    if (Double.isInfinite(v)) {
      return CodeBlock.of("$T.$L", Double.class, v > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !isNegativeZero(v)) {
      return CodeBlock.of("$L.0", (long) v);
    }
    return CodeBlock.of("$L", Double.toString(v));
  }

  private static boolean isNegativeZero(double v) {
    return v == 0 && Double.doubleToRawLongBits(v) != 0;
  }

  /** The type name used for locals in this precision. */
  public String type() {
    return inDouble ? "double" : "float";
  }
}
