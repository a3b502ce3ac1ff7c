package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.FormulaSyntaxException;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Exprs;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random token soup and single mutations of valid formulas through the parser: it must only ever
 * throw {@link FormulaSyntaxException} (the processor turns that, and only that, into a clean
 * diagnostic), at an offset inside the text. What parses must print back to itself and go through
 * differentiation, simplification, evaluation and lowering without an exception. Running javac on
 * the generated code is a later issue's fuzzer.
 */
class FuzzSmokeTest {
  private static final Set<String> PARAMS = Set.of("alpha");

  private static final List<Scope> SCOPES =
      List.of(
          new Scope("formula", List.of("x"), false, PARAMS, true),
          new Scope("derivative", List.of("x"), true, PARAMS, false),
          new Scope("formula", List.of("a", "b"), false, PARAMS, false));

  /** Tokens of the language, near-misses the lexer must reject, and a few stray characters. */
  private static final List<String> VOCABULARY =
      List.of(
          "x",
          "a",
          "b",
          "y",
          "alpha",
          "alpah",
          "pi",
          "e",
          "z",
          "_q1",
          "0",
          "1",
          "2.5",
          ".5",
          "1e-3",
          "1E5",
          "3.",
          "1e",
          "1e999",
          "2x",
          "1e+",
          "+",
          "-",
          "*",
          "/",
          "^",
          "**",
          "(",
          ")",
          ",",
          "?",
          ":",
          "<",
          "<=",
          ">",
          ">=",
          "==",
          "!=",
          "=",
          "&&",
          "||",
          "&",
          "|",
          "!",
          "exp",
          "expm1",
          "log",
          "log1p",
          "sqrt",
          "abs",
          "tanh",
          "sigmoid",
          "softplus",
          "erf",
          "erfc",
          "ndtr",
          "npdf",
          "sign",
          "min",
          "max",
          "pow",
          "clamp",
          "step",
          "where",
          "relu",
          "relu6",
          "silu",
          "gelu",
          "logsigmoid",
          "uniform",
          "normal",
          "sigmod",
          "#",
          "$",
          "\u00d7",
          "\"",
          ";",
          "[",
          "]");

  private static final List<String> CORPUS =
      List.of(
          "max(x, 0)",
          "x * sigmoid(x)",
          "0.5 * x * (1 + erf(x / sqrt(2)))",
          "x > 0 ? x : alpha * (exp(x) - 1)",
          "max(0, x + normal(0, sqrt(sigmoid(x))))",
          "(x + alpha) * sigmoid(x) - alpha / 2",
          "clamp(x, -1, 1)",
          "x * tanh(softplus(x))",
          "where(x > 0 && x < 6, x, 0)",
          "log1p(exp(-abs(x))) + max(x, 0)",
          "x ^ 2 ^ -1",
          "!(x <= 0) || x == 1 ? pow(x, 3) : -x",
          "relu6(x) * x / 6",
          "gelu(x) + silu(x) - logsigmoid(x)",
          "x * uniform(1/8, 1/3)",
          "min(x, 0) + step(x) * sign(x)",
          "y * (1 - y)",
          "silu(a) * b",
          "a * sigmoid(b) + expm1(-a) / 1E5");

  private static final Pattern TOKEN =
      Pattern.compile("\\d*\\.?\\d+(?:[eE][+-]?\\d+)?|[A-Za-z_]\\w*|&&|\\|\\||[<>=!]=|\\S");

  @Property(tries = 1000)
  void tokenSoup_onlyEverFailsWithASyntaxError(@ForAll("soup") String formula) {
    exercise(formula);
  }

  @Property(tries = 1000)
  void mutatedFormula_onlyEverFailsWithASyntaxError(@ForAll("mutants") String formula) {
    exercise(formula);
  }

  @Provide
  Arbitrary<String> soup() {
    // Mostly the tokens of short valid formulas, so that a fair share parses and reaches the
    // analyses; the whole vocabulary for the rest.
    Arbitrary<String> token =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of("x", "1", "2.5", "+", "-", "*", "(", ")", "max(", ",")),
            Tuple.of(1, Arbitraries.of(VOCABULARY)));
    Arbitrary<String> gap = Arbitraries.of("", " ", " ", "\t");
    return Combinators.combine(token, gap)
        .as((t, g) -> t + g)
        .list()
        .ofMinSize(0)
        .ofMaxSize(20)
        .map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> mutants() {
    Arbitrary<List<String>> seed = Arbitraries.of(CORPUS).map(FuzzSmokeTest::tokens);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 6);
    Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
    Arbitrary<String> token = Arbitraries.of(VOCABULARY);
    Arbitrary<Character> ch = Arbitraries.chars().range(' ', '~');
    return Combinators.combine(seed, kind, where, token, ch).as(FuzzSmokeTest::mutate);
  }

  /** One token-level (delete, duplicate, swap, replace, insert) or character-level mutation. */
  private static String mutate(List<String> tokens, int kind, double where, String token, char ch) {
    List<String> t = new ArrayList<>(tokens);
    int i = (int) (where * t.size()) % t.size();
    switch (kind) {
      case 0 -> t.remove(i);
      case 1 -> t.add(i, t.get(i));
      case 2 -> {
        if (i + 1 < t.size()) {
          String s = t.get(i);
          t.set(i, t.get(i + 1));
          t.set(i + 1, s);
        }
      }
      case 3 -> t.set(i, token);
      case 4 -> t.add(i, token);
      default -> {
        String text = String.join(" ", t);
        int at = (int) (where * text.length());
        return kind == 5
            ? text.substring(0, at) + ch + text.substring(at)
            : text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
      }
    }
    return String.join(" ", t);
  }

  private static List<String> tokens(String formula) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(formula);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static void exercise(String formula) {
    for (Scope scope : SCOPES) {
      Expr e;
      try {
        e = Parser.parse(formula, scope);
      } catch (FormulaSyntaxException ex) {
        Statistics.label("outcome").collect(ex.kind().code());
        assertTrue(
            ex.offset() >= 0 && ex.offset() <= formula.length(),
            () -> "offset " + ex.offset() + " outside '" + formula + "'");
        continue;
      }
      Statistics.label("outcome").collect("parsed");
      String printed = Printer.print(e);
      try {
        assertEquals(e, Parser.parse(printed, scope), () -> formula + " printed as " + printed);
      } catch (FormulaSyntaxException ex) {
        throw new AssertionError(formula + " printed as unparseable " + printed, ex);
      }
      compile(e, scope);
    }
  }

  /** The pieces FormulaCompiler chains, without the numeric checks that need a spec. */
  private static void compile(Expr parsed, Scope scope) {
    Simplifier simplifier = new Simplifier(Set.of("x", "a", "b", "y"));
    Expr forward = simplifier.simplify(parsed);
    List<Expr> all = new ArrayList<>(List.of(forward, Exprs.withoutDraws(forward)));
    for (String input : scope.inputs()) {
      all.add(simplifier.simplify(Differentiator.d(forward, input)));
    }
    all.add(simplifier.simplify(Differentiator.d(forward, "alpha")));
    Map<String, Double> env = Map.of("x", 0.3, "a", -1.2, "b", 2.0, "y", 0.4, "alpha", 0.7);
    for (Expr e : all) {
      Interpreter.eval(e, env);
    }
    Map<String, String> names = Map.of("x", "xv", "a", "av", "b", "bv", "y", "yv", "alpha", "p");
    boolean inDouble = Lowering.needsDouble(all);
    Lowering l =
        new Lowering(
            inDouble, names, true, Set.of("x", "a", "b"), "key", "i", 3, "t", InfiniteClamp.NONE);
    l.shareCommon(all);
    for (Expr e : all) {
      l.lower(e);
    }
  }
}
