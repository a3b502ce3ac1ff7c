package dev.rectify.processor.compile;

import dev.rectify.nn.ActivationInfo.Origin;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.processor.check.NumericChecks;
import dev.rectify.processor.diag.Message;
import dev.rectify.processor.diag.ValidationReport;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Op;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.FormulaSyntaxException;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.spec.ActivationSpec.Attr;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Exprs;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The middle of the processor: parses a spec's formulas, builds the forward and backward
 * expressions, verifies them numerically and picks the backward storage. Findings go to the report;
 * the result is null when there is any error.
 *
 * <pre>{@code
 * CompiledActivation c = FormulaCompiler.compile(spec, report);
 * }</pre>
 */
public final class FormulaCompiler {
  private static final Pattern GATED_INPUT =
      Pattern.compile("(?<![A-Za-z0-9_])[ab](?![A-Za-z0-9_])");

  private final ActivationSpec spec;
  private final ValidationReport.Builder report;
  private final Set<String> paramNames = new LinkedHashSet<>();
  private final Simplifier simplifier = new Simplifier(Set.of("x", "a", "b", "y"));

  private FormulaCompiler(ActivationSpec spec, ValidationReport.Builder report) {
    this.spec = spec;
    this.report = report;
    for (ParamSpec p : spec.params()) {
      paramNames.add(p.name());
    }
  }

  public static CompiledActivation compile(ActivationSpec spec, ValidationReport.Builder report) {
    return new FormulaCompiler(spec, report).run();
  }

  private CompiledActivation run() {
    boolean gated = GATED_INPUT.matcher(spec.formula().text()).find();
    List<String> inputs = gated ? List.of("a", "b") : List.of("x");

    Expr formula = parse(spec.formula(), new Scope("formula", inputs, false, paramNames, !gated));
    Expr derivative = null;
    Expr surrogate = null;
    Expr surrogateDerivative = null;
    Expr slope = null;
    if (gated) {
      for (Attr a :
          List.of(
              spec.derivative(),
              spec.surrogate(),
              spec.surrogateDerivative(),
              spec.negativeSlope())) {
        if (a.isPresent()) {
          report.report(
              Message.UNSUPPORTED,
              a.value(),
              a.attribute()
                  + " is not supported for gated (two-input) formulas; their partial derivatives are always symbolic");
        }
      }
      for (ParamSpec p : spec.params()) {
        if (p.learnable()) {
          report.report(
              Message.UNSUPPORTED,
              p.source(),
              "learnable parameters are not supported for gated formulas");
        }
      }
    } else {
      List<String> x = List.of("x");
      derivative =
          parseOptional(spec.derivative(), new Scope("derivative", x, true, paramNames, false));
      surrogate =
          parseOptional(spec.surrogate(), new Scope("surrogate", x, false, paramNames, false));
      surrogateDerivative =
          parseOptional(
              spec.surrogateDerivative(),
              new Scope("surrogateDerivative", x, false, paramNames, false));
      slope =
          parseOptional(
              spec.negativeSlope(), new Scope("negativeSlope", List.of(), false, paramNames, true));
    }
    if (derivative != null && Exprs.uses(derivative, "x") && Exprs.uses(derivative, "y")) {
      // Backward keeps either the input or the output, never both (the storage is chosen as soon
      // as y appears), so a factor in both would be lowered with one of them missing.
      report.report(Message.MIXED_DERIVATIVE, spec.derivative().value());
    }
    if (formula == null || report.hasErrors()) {
      return null;
    }
    warnUnusedParams(formula, derivative, surrogate, surrogateDerivative, slope);

    Expr raw =
        slope == null
            ? formula
            : renumberDraws(
                new Binary(
                    Op.ADD,
                    formula,
                    new Binary(
                        Op.MUL,
                        slope,
                        new Call(Function.MIN, List.of(new Expr.Var("x"), Expr.Num.ZERO)))));
    if (slope != null && tooComplex(spec.negativeSlope(), "the formula with its slope", raw, "")) {
      return null;
    }
    Expr forward = simplifier.simplify(raw);
    Expr forwardEval = simplifier.simplify(Exprs.withoutDraws(raw));
    int draws = Exprs.draws(forward).size();

    List<String> learnable = new ArrayList<>();
    for (ParamSpec p : spec.params()) {
      if (p.learnable()) {
        learnable.add(p.name());
      }
    }
    List<Expr> paramGradients = new ArrayList<>();
    for (String p : learnable) {
      Expr gradient = derived(spec.formula(), "the derivative with respect to " + p, forward, p);
      if (gradient == null) {
        return null;
      }
      paramGradients.add(gradient);
    }

    NumericChecks checks = new NumericChecks(spec, report);
    if (gated) {
      Expr da = derived(spec.formula(), "the derivative with respect to a", forward, "a");
      Expr db =
          da == null
              ? null
              : derived(spec.formula(), "the derivative with respect to b", forward, "b");
      if (db == null
          || spelledOutTooComplex(spec.formula(), "the formula", forwardEval)
          || spelledOutTooComplex(spec.formula(), "the derivative with respect to a", da)
          || spelledOutTooComplex(spec.formula(), "the derivative with respect to b", db)) {
        return null;
      }
      List<Expr> gradients = List.of(da, db);
      checks.checkGatedFinite(forwardEval, gradients);
      if (!report.hasErrors()) {
        checks.checkWrittenFinite(
            spec.formula(), "the formula as written", Exprs.withoutDraws(raw), forwardEval, inputs);
      }
      if (report.hasErrors()) {
        return null;
      }
      boolean clamp = checks.unusedBranchOverflows(forwardEval, gradients);
      List<Expr> kernels = new ArrayList<>(gradients);
      kernels.add(forwardEval);
      boolean clampInfinity = !Lowering.infiniteClamp(spec, inputs, forwardEval, kernels).isEmpty();
      List<String> rewrites = withClampNotes(simplifier.rewrites(), clamp, clampInfinity);
      return new CompiledActivation(
          spec,
          inputs,
          forward,
          forwardEval,
          null,
          gradients,
          Origin.SYMBOLIC,
          BackwardStorage.INPUT,
          null,
          List.of(),
          0,
          clamp,
          clampInfinity,
          rewrites);
    }

    Expr symbolic = derived(spec.formula(), "the formula's derivative", forward, "x");
    if (symbolic == null) {
      return null;
    }
    Expr backward;
    Origin origin;
    Attr backwardSource;
    if (surrogateDerivative != null) {
      backward = simplifier.simplify(surrogateDerivative);
      if (tooComplex(spec.surrogateDerivative(), "the surrogateDerivative", backward, "")) {
        return null;
      }
      origin = Origin.SURROGATE_DERIVATIVE;
      backwardSource = spec.surrogateDerivative();
    } else if (surrogate != null) {
      backward = derived(spec.surrogate(), "the surrogate's derivative", surrogate, "x");
      if (backward == null) {
        return null;
      }
      origin = Origin.SURROGATE;
      backwardSource = spec.surrogate();
    } else if (derivative != null) {
      backward = simplifier.simplify(derivative);
      if (tooComplex(spec.derivative(), "the derivative", backward, "")) {
        return null;
      }
      origin = Origin.DECLARED;
      backwardSource = spec.derivative();
      checks.checkDeclaredDerivative(forwardEval, Exprs.withoutDraws(symbolic), backward);
    } else {
      backward = symbolic;
      origin = Origin.SYMBOLIC;
      backwardSource = spec.formula();
    }
    // Generated code spells sigmoid, softplus and the normal distribution out over their
    // exponentials, using the argument two or three times: gelu(gelu(...)) 8 deep is small here
    // but exponential there, and javac then spends minutes hashing it for common subexpressions.
    if (spelledOutTooComplex(spec.formula(), "the formula", forward)
        || spelledOutTooComplex(spec.formula(), "the formula", forwardEval)
        || spelledOutTooComplex(
            backwardSource,
            origin == Origin.SYMBOLIC ? "the formula's derivative" : "the backward factor",
            backward)) {
      return null;
    }
    for (int i = 0; i < learnable.size(); i++) {
      if (spelledOutTooComplex(
          spec.formula(),
          "the derivative with respect to " + learnable.get(i),
          paramGradients.get(i))) {
        return null;
      }
    }
    checks.checkFinite(spec.formula(), "the formula", forwardEval, forwardEval, false);
    if (surrogate != null) {
      checks.checkFinite(
          spec.surrogate(), "the surrogate", simplifier.simplify(surrogate), forwardEval, false);
    }
    if (!report.hasErrors()) {
      checks.checkWrittenFinite(
          spec.formula(), "the formula as written", Exprs.withoutDraws(raw), forwardEval, inputs);
    }
    if (surrogate != null && !report.hasErrors()) {
      checks.checkWrittenFinite(
          spec.surrogate(),
          "the surrogate as written",
          Exprs.withoutDraws(surrogate),
          forwardEval,
          inputs);
    }
    // Simplified, 1 + 0/0*0 is 1 and agrees with the symbolic derivative, so only the written
    // form shows the NaN the user declared.
    if (derivative != null && !report.hasErrors()) {
      checks.checkWrittenFinite(
          spec.derivative(), "the derivative as written", derivative, forwardEval, inputs);
    }
    if (surrogateDerivative != null && !report.hasErrors()) {
      checks.checkWrittenFinite(
          spec.surrogateDerivative(),
          "the surrogateDerivative as written",
          surrogateDerivative,
          forwardEval,
          inputs);
    }
    checks.checkFinite(
        backwardSource,
        origin == Origin.SYMBOLIC ? "the formula's derivative" : "the backward factor",
        Exprs.withoutDraws(backward),
        forwardEval,
        true);
    for (int i = 0; i < learnable.size(); i++) {
      checks.checkFinite(
          spec.formula(),
          "the derivative with respect to " + learnable.get(i),
          Exprs.withoutDraws(paramGradients.get(i)),
          forwardEval,
          false);
    }
    if (report.hasErrors()) {
      return null;
    }

    BackwardStorage storage;
    CompiledActivation.Mask mask = null;
    if (Exprs.uses(backward, "y")) {
      storage = BackwardStorage.OUTPUT;
    } else if (learnable.isEmpty() && (mask = maskOf(backward, simplifier)) != null) {
      storage = BackwardStorage.MASK;
    } else if (learnable.isEmpty()
        && draws == 0
        && (origin == Origin.SURROGATE || origin == Origin.SURROGATE_DERIVATIVE)) {
      // A surrogate's derivative is a training signal, not f': 8 significant bits carry it, in
      // half the bytes of the input it would otherwise be recomputed from.
      storage = BackwardStorage.BF16_FACTOR;
    } else if (learnable.isEmpty() && draws == 0 && factorSharesForward(forward, backward)) {
      // Recomputed from x, the factor would repeat the forward's exponential in backward;
      // computed with y in one pass it shares it (GELU's fwd+bwd 6.9 -> 4.0 ns per element at
      // 1M floats), and kept in float it takes the input's 4 bytes and gives the same bits.
      storage = BackwardStorage.FACTOR;
    } else {
      storage = BackwardStorage.INPUT;
    }
    if (storage == BackwardStorage.OUTPUT && draws > 0) {
      report.report(
          Message.UNSUPPORTED,
          spec.derivative().value(),
          "a derivative in terms of y cannot be used with random draws; write it in terms of x");
      return null;
    }
    boolean clamp = checks.unusedBranchOverflows(forward, List.of(backward));
    List<Expr> kernels = new ArrayList<>(paramGradients);
    kernels.add(forwardEval);
    kernels.add(forward);
    if (storage != BackwardStorage.MASK) {
      kernels.add(backward);
    }
    boolean clampInfinity = !Lowering.infiniteClamp(spec, inputs, forwardEval, kernels).isEmpty();
    List<String> rewrites = withClampNotes(simplifier.rewrites(), clamp, clampInfinity);
    return new CompiledActivation(
        spec,
        inputs,
        forward,
        forwardEval,
        backward,
        List.of(),
        origin,
        storage,
        mask,
        paramGradients,
        draws,
        clamp,
        clampInfinity,
        rewrites);
  }

  /**
   * The factor as {@code condition ? on : off} with element-independent values, when the simplifier
   * brought it to that form (the factor depends on x only through comparisons and takes two
   * values); null otherwise.
   */
  private static CompiledActivation.Mask maskOf(Expr factor, Simplifier simplifier) {
    if (factor instanceof Select) {
      Select s = (Select) factor;
      if (simplifier.isUniform(s.then()) && simplifier.isUniform(s.otherwise())) {
        return new CompiledActivation.Mask(s.condition(), s.then(), s.otherwise());
      }
    }
    return null;
  }

  private static List<String> withClampNotes(
      List<String> rewrites, boolean clamp, boolean clampInfinity) {
    List<String> out = new ArrayList<>(rewrites);
    if (clamp) {
      out.add(
          "a select's unused branch overflows for large |x|: each branch is evaluated on x clamped to its side of the condition");
    }
    if (clampInfinity) {
      out.add(
          "an infinite input gives inf * 0 = NaN: on that side the input is clamped to +-2^128 (beyond every float) and computed in double, which gives the limit");
    }
    return out;
  }

  /** Draws are numbered per attribute while parsing; the combined forward needs distinct ids. */
  private static Expr renumberDraws(Expr e) {
    int[] next = {0};
    return renumber(e, next);
  }

  private static Expr renumber(Expr e, int[] next) {
    if (e instanceof Expr.Draw) {
      Expr.Draw d = (Expr.Draw) e;
      return new Expr.Draw(
          d.distribution(), renumber(d.p1(), next), renumber(d.p2(), next), next[0]++);
    }
    return Exprs.mapChildren(e, c -> renumber(c, next));
  }

  /**
   * Every analysis walks the whole tree, so the tree's size bounds compile time and memory: nested
   * {@code silu(silu(...))} doubles at each level, and its derivative grows faster still. The zoo's
   * largest derivative has a few hundred nodes.
   */
  static final int MAX_NODES = 10_000;

  private boolean tooComplex(Attr attr, String what, Expr e, String when) {
    if (!Exprs.exceedsSize(e, MAX_NODES)) {
      return false;
    }
    report.report(
        Message.TOO_COMPLEX, attr.value(), what, MAX_NODES, when, "the " + attr.attribute());
    return true;
  }

  private boolean spelledOutTooComplex(Attr attr, String what, Expr e) {
    return tooComplex(
        attr,
        what,
        Lowering.spelledOutForm(e),
        " and spelled out over the exponentials generated code computes");
  }

  /**
   * The simplified derivative of {@code e} with respect to {@code var}, or null (reported on {@code
   * attr}) when it is too large to analyse: d(u * v) uses u and v twice each, so a formula within
   * the limit can have a derivative far beyond it.
   */
  private Expr derived(Attr attr, String what, Expr e, String var) {
    Expr raw = Differentiator.d(e, var);
    if (tooComplex(attr, what, raw, " after differentiation")) {
      return null;
    }
    Expr simplified = simplifier.simplify(raw);
    return tooComplex(attr, what, simplified, " after differentiation and simplification")
        ? null
        : simplified;
  }

  private void warnUnusedParams(Expr... exprs) {
    Set<String> used = new LinkedHashSet<>();
    for (Expr e : exprs) {
      if (e != null) {
        used.addAll(Exprs.variables(e));
      }
    }
    for (ParamSpec p : spec.params()) {
      if (!used.contains(p.name())) {
        report.report(Message.UNUSED_PARAM, p.source(), p.name());
      }
    }
  }

  private Expr parseOptional(Attr attr, Scope scope) {
    return attr.isPresent() ? parse(attr, scope) : null;
  }

  /**
   * The parsed attribute, or null when it has an error; its size is checked before anything walks
   * it (macros share their argument, so the tree can be exponential in the text).
   */
  private Expr parse(Attr attr, Scope scope) {
    try {
      Expr e = Parser.parse(attr.text(), scope);
      return tooComplex(attr, "the " + attr.attribute(), e, "") ? null : e;
    } catch (FormulaSyntaxException e) {
      report.reportInFormula(
          e.kind(), attr.value(), attr.attribute(), attr.text(), e.offset(), e.getMessage());
      return null;
    }
  }

  /**
   * Whether the backward factor is transcendental and computes no transcendental term that the
   * forward does not, compared in the form generated code computes (sigmoid, softplus, ndtr and
   * npdf spelled out over their exponentials): then y and the factor together cost about what y
   * alone does. Not ELU's, whose forward takes expm1(x) and factor exp(x): computing both in
   * forward moves work rather than sharing it.
   */
  private static boolean factorSharesForward(Expr forward, Expr backward) {
    Set<Expr> needed = Exprs.transcendentalTerms(Lowering.spelledOutForm(backward));
    return !needed.isEmpty()
        && Exprs.transcendentalTerms(Lowering.spelledOutForm(forward)).containsAll(needed);
  }
}
