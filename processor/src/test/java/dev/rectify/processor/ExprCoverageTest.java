package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.CodeBlock;
import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.check.Interpreter;
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
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Exprs;
import dev.rectify.processor.symbolic.Simplifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node type through every analysis (STYLE.md rule 5). The analyses are {@code instanceof}
 * chains ending in {@code throw new AssertionError(e)}, which javac cannot check for exhaustiveness
 * on {@code --release 17}; this test is that check. Adding a node to {@link Expr} fails {@link
 * #everyNodeType_hasASample} until it gets a sample here, and then fails the analysis that forgot
 * it.
 */
class ExprCoverageTest {
  private static final Expr X = new Var("x");
  private static final Expr CONDITION = new Compare(CmpOp.GT, X, Num.ZERO);

  /** One instance per node type, with children where the type has them. */
  private static Expr sample(Class<?> type) {
    return switch (type.getSimpleName()) {
      case "Num" -> new Num(1.5);
      case "Var" -> X;
      case "Neg" -> new Neg(X);
      case "Binary" -> new Binary(Op.MUL, Num.TWO, X);
      case "Call" -> new Call(Function.EXP, List.of(X));
      case "Select" -> new Select(CONDITION, X, Num.ZERO);
      case "Compare" -> new Compare(CmpOp.LE, X, Num.ONE);
      case "Logic" -> new Logic(true, CONDITION, new Compare(CmpOp.LT, X, Num.ONE));
      case "Not" -> new Not(CONDITION);
      case "Draw" -> new Draw(Distribution.UNIFORM, new Num(0.125), X, 0);
      default -> null;
    };
  }

  static Stream<Class<?>> nodeTypes() {
    return Arrays.stream(Expr.class.getPermittedSubclasses());
  }

  @Test
  void everyNodeType_hasASample() {
    List<String> missing = new ArrayList<>();
    nodeTypes().filter(t -> sample(t) == null).forEach(t -> missing.add(t.getSimpleName()));
    assertEquals(List.of(), missing, "add a sample to ExprCoverageTest.sample for these nodes");
    // Guard the guard: the switch above must not silently lose types either.
    assertEquals(10, nodeTypes().count(), "a node was added or removed; update the samples");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void structure_childrenAreExactlyTheExprComponents(Class<?> type) throws Exception {
    Expr e = sampleOf(type);
    // Every Expr-typed record component (and every element of a List<Expr> one), in order.
    List<Expr> components = new ArrayList<>();
    for (RecordComponent rc : type.getRecordComponents()) {
      Object value = rc.getAccessor().invoke(e);
      if (value instanceof Expr child) {
        components.add(child);
      } else if (value instanceof List<?> list) {
        list.forEach(v -> components.add((Expr) v));
      }
    }
    assertEquals(components, Exprs.children(e));
    assertEquals(e, Exprs.mapChildren(e, c -> c), "mapChildren(identity)");
    Expr marked = Exprs.mapChildren(e, c -> new Var("m"));
    assertEquals(
        Exprs.children(e).stream().map(c -> new Var("m")).toList(), Exprs.children(marked));
    assertEquals(1 + components.stream().mapToInt(Exprs::size).sum(), Exprs.size(e));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void queries_acceptEveryNode(Class<?> type) {
    Expr e = sampleOf(type);
    Exprs.variables(e);
    Exprs.hasDraws(e);
    Exprs.draws(e);
    Exprs.isTranscendental(e);
    Exprs.smallPower(e);
    Exprs.isCondition(e);
    assertFalse(Exprs.hasDraws(Exprs.withoutDraws(e)));
    assertFalse(Exprs.uses(Exprs.substitute(e, "x", Num.ONE), "x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void printer_printsEveryNodeSoThatItParsesBack(Class<?> type) throws Exception {
    Expr e = sampleOf(type);
    Expr asNumber = Exprs.isCondition(e) ? new Select(e, Num.ONE, Num.ZERO) : e;
    Scope scope = new Scope("formula", List.of("x"), false, Set.of(), true);
    assertEquals(asNumber, Parser.parse(Printer.print(asNumber), scope));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void interpreter_evaluatesNumbersAndDecidesConditions(Class<?> type) {
    Expr e = sampleOf(type);
    Map<String, Double> env = Map.of("x", 0.7);
    if (Exprs.isCondition(e)) {
      Interpreter.condition(e, env);
      assertThrows(IllegalArgumentException.class, () -> Interpreter.eval(e, env));
    } else {
      Interpreter.eval(e, env);
      assertThrows(IllegalArgumentException.class, () -> Interpreter.condition(e, env));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void differentiator_handlesNumbersAndRejectsConditions(Class<?> type) {
    Expr e = sampleOf(type);
    if (Exprs.isCondition(e)) {
      assertThrows(IllegalArgumentException.class, () -> Differentiator.d(e, "x"));
    } else {
      assertNotNull(Simplifier.simplifyAll(Differentiator.d(e, "x")));
      assertNotNull(Simplifier.simplifyAll(Differentiator.d(e, "k")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void simplifier_acceptsEveryNodeAlsoInsideOthers(Class<?> type) {
    Expr e = sampleOf(type);
    Simplifier.simplifyAll(e);
    for (Expr around : contexts(e)) {
      Simplifier.simplifyAll(around);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nodeTypes")
  void lowering_emitsEveryNodeInFloatAndDouble(Class<?> type) {
    Expr e = sampleOf(type);
    for (boolean inDouble : new boolean[] {false, true}) {
      for (boolean clamp : new boolean[] {false, true}) {
        for (Expr around : contexts(e)) {
          Lowering l =
              new Lowering(
                  inDouble,
                  Map.of("x", "xv"),
                  clamp,
                  Set.of("x"),
                  "key",
                  "i",
                  2,
                  "t",
                  InfiniteClamp.NONE);
          l.shareCommon(List.of(around, around));
          CodeBlock code = Exprs.isCondition(around) ? l.lowerCondition(around) : l.lower(around);
          if (code.isEmpty()) {
            fail("empty code for " + around);
          }
          l.statements();
        }
      }
    }
  }

  /**
   * {@code e} on its own and as an operand of arithmetic, of a call and of a select (as the
   * condition when it is one), so that the parenthesisation paths of printer and lowering see it.
   */
  private static List<Expr> contexts(Expr e) {
    if (Exprs.isCondition(e)) {
      return List.of(
          e,
          new Select(e, X, Num.ONE),
          new Select(new Not(e), X, Num.ONE),
          new Select(new Logic(false, e, CONDITION), X, Num.ONE));
    }
    return List.of(
        e,
        new Binary(Op.SUB, e, e),
        new Binary(Op.DIV, Num.ONE, e),
        new Binary(Op.POW, e, Num.TWO),
        new Binary(Op.POW, e, new Num(0.5)),
        new Neg(e),
        new Call(Function.MAX, List.of(e, Num.ZERO)),
        new Select(new Compare(CmpOp.GT, X, Num.ZERO), e, new Call(Function.EXP, List.of(e))),
        new Select(new Compare(CmpOp.LT, e, Num.ONE), Num.ONE, Num.ZERO));
  }

  private static Expr sampleOf(Class<?> type) {
    Expr e = sample(type);
    assertNotNull(e, "no sample for " + type.getSimpleName());
    assertEquals(type, e.getClass());
    return e;
  }
}
