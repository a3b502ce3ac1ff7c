package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.diag.Message;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
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
import dev.rectify.processor.formula.FormulaSyntaxException;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.symbolic.Exprs;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parser's specification, as a table of {@code formula; fullyParenthesized} per topic (bantam's
 * {@code Main.test} table), plus one test per syntax error that pins its offset and message kind.
 * Every table entry is also checked to survive {@code Parser.parse(Printer.print(e))}.
 */
class ParserTest {
  /** One input, a parameter and random draws: the widest one-input scope. */
  private static final Scope FORMULA =
      new Scope("formula", List.of("x"), false, Set.of("alpha", "k"), true);

  private static final Scope DERIVATIVE =
      new Scope("derivative", List.of("x"), true, Set.of("alpha"), false);

  private static final Scope GATED =
      new Scope("formula", List.of("a", "b"), false, Set.of(), false);

  // ---------------------------------------------------------------------------------------------
  // Round-trip tables

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x + 2 * x              ; (x + (2 * x))
          x * 2 + 3              ; ((x * 2) + 3)
          x - 2 / x              ; (x - (2 / x))
          2 * x ^ 3              ; (2 * (x ^ 3))
          x ^ 2 * 3              ; ((x ^ 2) * 3)
          (x + 1) * 2            ; ((x + 1) * 2)
          -x + 1                 ; ((-x) + 1)
          -x * 2                 ; ((-x) * 2)
          x * -x                 ; (x * (-x))
          x - -x                 ; (x - (-x))
          +x * 2                 ; (x * 2)
          x + 1 > 2 * x ? 1 : 0  ; (((x + 1) > (2 * x)) ? 1 : 0)
          ((x))                  ; x
          """)
  void precedence_bindsTighterOperatorsFirst(String formula, String expected) throws Exception {
    assertParsesAs(formula, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x - 1 - 2        ; ((x - 1) - 2)
          x - 1 + 2        ; ((x - 1) + 2)
          x + 1 + 2        ; ((x + 1) + 2)
          x / 2 / 3        ; ((x / 2) / 3)
          x / 2 * 3        ; ((x / 2) * 3)
          x ^ 2 ^ 3        ; (x ^ (2 ^ 3))
          x ^ k ^ 2 ^ 3    ; (x ^ (k ^ (2 ^ 3)))
          (x ^ 2) ^ 3      ; ((x ^ 2) ^ 3)
          x - (1 - 2)      ; (x - (1 - 2))
          """)
  void associativity_powerRightOthersLeft(String formula, String expected) throws Exception {
    assertParsesAs(formula, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          -x ^ 2        ; (-(x ^ 2))
          -2 ^ 2        ; (-(2 ^ 2))
          (-x) ^ 2      ; ((-x) ^ 2)
          2 ^ -x        ; (2 ^ (-x))
          2 ^ -x ^ 2    ; (2 ^ (-(x ^ 2)))
          2 ^ -x * 3    ; ((2 ^ (-x)) * 3)
          --x           ; (-(-x))
          -exp(x) ^ 2   ; (-(exp(x) ^ 2))
          """)
  void unaryMinus_bindsLooserThanPower(String formula, String expected) throws Exception {
    assertParsesAs(formula, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x > 0 ? x : 0                 ; ((x > 0) ? x : 0)
          x > 0 ? 1 : x < -1 ? -1 : x   ; ((x > 0) ? 1 : ((x < (-1)) ? (-1) : x))
          x > 0 ? x > 1 ? 2 : 1 : 0     ; ((x > 0) ? ((x > 1) ? 2 : 1) : 0)
          x > 0 ? x + 1 : x - 1         ; ((x > 0) ? (x + 1) : (x - 1))
          x > 0 ? 1 : 0 + x             ; ((x > 0) ? 1 : (0 + x))
          2 * (x > 0 ? x : 0)           ; (2 * ((x > 0) ? x : 0))
          (x > 0 ? x : 0) ^ 2           ; (((x > 0) ? x : 0) ^ 2)
          """)
  void ternary_rightAssociativeAndNests(String formula, String expected) throws Exception {
    assertParsesAs(formula, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x < 1 ? 1 : 0                       ; ((x < 1) ? 1 : 0)
          x <= 1 ? 1 : 0                      ; ((x <= 1) ? 1 : 0)
          x > 1 ? 1 : 0                       ; ((x > 1) ? 1 : 0)
          x >= 1 ? 1 : 0                      ; ((x >= 1) ? 1 : 0)
          x == 1 ? 1 : 0                      ; ((x == 1) ? 1 : 0)
          x != 1 ? 1 : 0                      ; ((x != 1) ? 1 : 0)
          x+1>=2*x ? 1 : 0                    ; (((x + 1) >= (2 * x)) ? 1 : 0)
          x > 0 && x < 1 ? x : 0              ; (((x > 0) && (x < 1)) ? x : 0)
          x > 0 || x < -1 && x > -2 ? 1 : 0   ; (((x > 0) || ((x < (-1)) && (x > (-2)))) ? 1 : 0)
          x > 0 && x > 1 && x > 2 ? 1 : 0     ; ((((x > 0) && (x > 1)) && (x > 2)) ? 1 : 0)
          x > 0 || x > 1 || x > 2 ? 1 : 0     ; ((((x > 0) || (x > 1)) || (x > 2)) ? 1 : 0)
          (x > 0 || x < 0) && x > 1 ? 1 : 0   ; ((((x > 0) || (x < 0)) && (x > 1)) ? 1 : 0)
          !(x > 0) ? 1 : 0                    ; ((!(x > 0)) ? 1 : 0)
          !!(x > 0) ? 1 : 0                   ; ((!(!(x > 0))) ? 1 : 0)
          !(x > 0) && x > 1 ? 1 : 0           ; (((!(x > 0)) && (x > 1)) ? 1 : 0)
          """)
  void conditions_comparisonsBindTighterThanAndThanOr(String formula, String expected)
      throws Exception {
    assertParsesAs(formula, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          exp(x)                 ; exp(x)
          max(x, 0)              ; max(x, 0)
          log1p(x * 2)           ; log1p((x * 2))
          min(max(x, -1), 1)     ; min(max(x, (-1)), 1)
          sigmoid(x) * x         ; (sigmoid(x) * x)
          erfc(-x)               ; erfc((-x))
          softplus( x , )        ; <error>
          """)
  void calls_argumentsAreFullExpressions(String formula, String expected) throws Exception {
    if (expected.equals("<error>")) {
      assertThrows(FormulaSyntaxException.class, () -> Parser.parse(formula, FORMULA));
      return;
    }
    assertParsesAs(formula, expected);
  }

  @Test
  void calls_everyCoreFunctionParsesToItsOwnNode() throws Exception {
    for (Function f : Function.values()) {
      String args = f.arity == 1 ? "(x)" : "(x, 1)";
      if (!f.isInFormulaLanguage()) {
        assertThrows(
            FormulaSyntaxException.class, () -> Parser.parse(f.formulaName() + args, FORMULA));
        continue;
      }
      Expr e = Parser.parse(f.formulaName() + args, FORMULA);
      assertEquals(Call.class, e.getClass(), f.formulaName());
      assertEquals(f, ((Call) e).function());
    }
  }

  @Test
  void functionNames_leaveOutTheInternalOnes() {
    assertTrue(Parser.functionNames().contains("ndtr"));
    assertTrue(Parser.functionNames().contains("npdf"));
    assertFalse(Parser.functionNames().contains("mills"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          clamp(x, -1, 1)        ; min(max(x, (-1)), 1)
          step(x)                ; ((x > 0) ? 1 : 0)
          relu(x)                ; max(x, 0)
          relu(x - 1)            ; max((x - 1), 0)
          relu6(x)               ; min(max(x, 0), 6)
          silu(x)                ; (x * sigmoid(x))
          gelu(x)                ; (x * ndtr(x))
          where(x > 0, x, 2 * x) ; ((x > 0) ? x : (2 * x))
          pow(x, 3)              ; (x ^ 3)
          pow(x, 2) ^ 3          ; ((x ^ 2) ^ 3)
          logsigmoid(x)          ; (-softplus((-x)))
          uniform(0, 1) * x      ; (uniform(0, 1) * x)
          normal(0, 0.1) + x     ; (normal(0, 0.1) + x)
          """)
  void macros_expandIntoCoreNodes(String formula, String expected) throws Exception {
    assertParsesAs(formula, expected);
  }

  @Test
  void draws_areNumberedInParseOrder() throws Exception {
    Expr e = Parser.parse("uniform(normal(0, 1), 1) + normal(0, 1)", FORMULA);
    // The inner draw is complete before the outer one, so it is numbered first.
    Draw inner = new Draw(Distribution.NORMAL, Num.ZERO, Num.ONE, 0);
    Expr expected =
        new Binary(
            Op.ADD,
            new Draw(Distribution.UNIFORM, inner, Num.ONE, 1),
            new Draw(Distribution.NORMAL, Num.ZERO, Num.ONE, 2));
    assertEquals(expected, e);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          pi             ; 3.141592653589793
          e              ; 2.718281828459045
          2 * pi * x     ; ((2 * 3.141592653589793) * x)
          e ^ x          ; (2.718281828459045 ^ x)
          e*2            ; (2.718281828459045 * 2)
          1e-3           ; 0.001
          .5             ; 0.5
          1E5            ; 100000
          2.5e+2         ; 250
          3. * x         ; (3 * x)
          007            ; 7
          1.5E-10        ; 1.5E-10
          4.9e-324       ; 4.9E-324
          1.7976931348623157e308 ; 1.7976931348623157E308
          """)
  void numbersAndConstants_parseToTheirDoubleValue(String formula, String expected)
      throws Exception {
    assertParsesAs(formula, expected);
  }

  @Test
  void whitespace_tabsAndNewlinesSeparateTokens() throws Exception {
    assertEquals(Parser.parse("x + 1", FORMULA), Parser.parse("\tx\n+\r\n1 ", FORMULA));
    assertEquals(Parser.parse("x + 1", FORMULA), Parser.parse("x+1", FORMULA));
  }

  @Test
  void output_isANameOnlyInTheDerivativeScope() throws Exception {
    assertParsesAs(DERIVATIVE, "y * (1 - y)", "(y * (1 - y))");
  }

  @Test
  void gatedScope_readsBothInputs() throws Exception {
    assertParsesAs(GATED, "silu(a) * b", "((a * sigmoid(a)) * b)");
  }

  // ---------------------------------------------------------------------------------------------
  // The minimal printer

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          (x + 1) * 2                 ; (x + 1) * 2
          x - (1 - 2)                 ; x - (1 - 2)
          (x - 1) - 2                 ; x - 1 - 2
          -(x ^ 2)                    ; -x ^ 2
          (-x) ^ 2                    ; (-x) ^ 2
          2 ^ (-x)                    ; 2 ^ -x
          x ^ (2 ^ 3)                 ; x ^ 2 ^ 3
          (x ^ 2) ^ 3                 ; (x ^ 2) ^ 3
          (x > 0) ? ((x > 1) ? 1 : 2) : 3 ; x > 0 ? x > 1 ? 1 : 2 : 3
          ((x > 0) || (x < 1)) && (x > 2) ? 1 : 0 ; (x > 0 || x < 1) && x > 2 ? 1 : 0
          !(x > 0) ? 1 : 0            ; !(x > 0) ? 1 : 0
          """)
  void printer_usesOnlyTheParenthesesPrecedenceNeeds(String formula, String expected)
      throws Exception {
    assertEquals(expected, Printer.print(Parser.parse(formula, FORMULA)));
  }

  @Test
  void printer_negativeLiteralsOfTheSimplifierReadBackAsNegations() throws Exception {
    // The parser never makes a negative literal, but the simplifier does; printed, it must read
    // back as the same value, parenthesised where a prefix minus would bind differently.
    Expr e = new Binary(Op.POW, new Num(-2), new Num(2));
    assertEquals("(-2) ^ 2", Printer.print(e));
    assertEquals(new Binary(Op.POW, new Neg(new Num(2)), new Num(2)), reparse(e));
  }

  @Property(tries = 500)
  void printer_roundTripsRandomTrees(@ForAll("trees") Expr e) throws Exception {
    assertEquals(e, reparse(e), () -> Printer.print(e));
  }

  @Property(tries = 200)
  void printer_roundTripsNegativeLiteralsAsNegations(@ForAll("trees") Expr e) throws Exception {
    // Flip every literal's sign: the printed text then has negative literals in every position.
    Expr negated = negateLiterals(e);
    assertEquals(literalsAsNegations(negated), reparse(negated), () -> Printer.print(negated));
  }

  @Provide
  Arbitrary<Expr> trees() {
    return ExprArbitraries.any(4);
  }

  private static Expr reparse(Expr e) throws FormulaSyntaxException {
    return Parser.parse(Printer.print(e), FORMULA);
  }

  private static Expr negateLiterals(Expr e) {
    if (e instanceof Num n && n.value() != 0) {
      return new Num(-n.value());
    }
    return Exprs.mapChildren(e, ParserTest::negateLiterals);
  }

  private static Expr literalsAsNegations(Expr e) {
    if (e instanceof Num n && n.value() < 0) {
      return new Neg(new Num(-n.value()));
    }
    return Exprs.mapChildren(e, ParserTest::literalsAsNegations);
  }

  // ---------------------------------------------------------------------------------------------
  // Syntax errors: kind and offset (0-based; the diagnostic shows offset + 1 as the column)

  @Test
  void unexpectedCharacter_pointsAtIt() {
    assertRejected("x # 2", Message.SYNTAX, 2, "unexpected character '#'");
    assertRejected("x \u00d7 2", Message.SYNTAX, 2, "unexpected character U+00D7");
  }

  @Test
  void doubleStar_suggestsCaret() {
    assertRejected("x ** 2", Message.SYNTAX, 2, "'**' is not an operator; write x ^ 2");
  }

  @Test
  void singleEquals_suggestsDoubleEquals() {
    assertRejected("x = 1 ? 1 : 0", Message.SYNTAX, 2, "'=' is not an operator; use '=='");
  }

  @Test
  void singleAmpersand_suggestsAndAnd() {
    assertRejected("x > 0 & x < 1 ? 1 : 0", Message.SYNTAX, 6, "'&' is not an operator; use '&&'");
  }

  @Test
  void singleBar_suggestsOrOr() {
    assertRejected("x > 0 | x < 1 ? 1 : 0", Message.SYNTAX, 6, "'|' is not an operator; use '||'");
  }

  @Test
  void numberRunningIntoName_pointsAtTheName() {
    assertRejected("2x", Message.SYNTAX, 1, "a number cannot run into a name; write 2 * x");
    assertRejected("x + 3alpha", Message.SYNTAX, 5, "a number cannot run into a name");
  }

  @Test
  void exponentWithoutDigits_pointsAtTheE() {
    assertRejected("1e", Message.SYNTAX, 1, "exponent of a number needs digits, as in 1e-3");
    assertRejected("x * 1e+", Message.SYNTAX, 5, "exponent of a number needs digits");
  }

  @Test
  void numberOutOfRange_pointsAtTheNumber() {
    assertRejected("x * 1e999", Message.SYNTAX, 4, "number 1e999 is out of the range of double");
  }

  @Test
  void unclosedParenthesis_pointsAtTheEnd() {
    assertRejected(
        "(x + 1",
        Message.SYNTAX,
        6,
        "expected ')' to close the '(' at column 1, got the end of the formula");
  }

  @Test
  void unclosedCall_pointsAtTheEnd() {
    assertRejected("max(x, 0", Message.SYNTAX, 8, "expected ')' to close the call of max");
  }

  @Test
  void missingColon_pointsWhereItWasExpected() {
    assertRejected("x > 0 ? 1", Message.SYNTAX, 9, "expected ':' of the '?' at column 7");
    assertRejected("x > 0 ? 1 , 2", Message.SYNTAX, 10, "got ','");
  }

  @Test
  void trailingTokens_pointAtTheFirstExtraToken() {
    assertRejected("x 1", Message.SYNTAX, 2, "unexpected '1' after a complete formula");
    assertRejected("x)", Message.SYNTAX, 1, "unexpected ')' after a complete formula");
  }

  @Test
  void missingOperand_pointsAtWhatCameInstead() {
    assertRejected("x + * 2", Message.SYNTAX, 4, "expected a number, a name or '(', got '*'");
    assertRejected("x +", Message.SYNTAX, 3, "formula ends too early");
  }

  @Test
  void empty_isItsOwnKind() {
    assertRejected("", Message.EMPTY_FORMULA, 0, "formula is empty");
    assertRejected(" \t\n", Message.EMPTY_FORMULA, 0, "formula is empty");
  }

  @Test
  void chainedComparison_pointsAtTheSecondOperator() {
    assertRejected("0 < x < 1 ? 1 : 0", Message.SYNTAX, 6, "comparisons do not chain");
    assertRejected("x == 0 != 1 ? 1 : 0", Message.SYNTAX, 7, "comparisons do not chain");
  }

  @Test
  void tooDeep_failsJustPastTheLimit() throws Exception {
    // The outermost expression is level 1, so MAX_DEPTH - 1 parentheses are the deepest legal
    // nesting and the next '(' is reported at its own offset.
    int legal = Parser.MAX_DEPTH - 1;
    Parser.parse("(".repeat(legal) + "x" + ")".repeat(legal), FORMULA);
    int tooMany = Parser.MAX_DEPTH;
    assertRejected(
        "(".repeat(tooMany) + "x" + ")".repeat(tooMany),
        Message.TOO_DEEP,
        Parser.MAX_DEPTH,
        "nested more than " + Parser.MAX_DEPTH + " levels deep");
  }

  @Test
  void tooDeep_countsPrefixOperatorsAndPowerChains() {
    assertRejected("-".repeat(300) + "x", Message.TOO_DEEP, Parser.MAX_DEPTH, "nested");
    assertRejected("x" + "^x".repeat(300), Message.TOO_DEEP, 2 * Parser.MAX_DEPTH, "nested");
  }

  @Test
  void tooLong_failsJustPastTheLimit() throws Exception {
    Parser.parse("x" + " ".repeat(Parser.MAX_LENGTH - 1), FORMULA);
    assertRejected(
        "x" + " ".repeat(Parser.MAX_LENGTH),
        Message.TOO_LONG,
        0,
        "formula is "
            + (Parser.MAX_LENGTH + 1)
            + " characters long; the limit is "
            + Parser.MAX_LENGTH);
  }

  @Test
  void unknownFunction_suggestsTheClosest() {
    assertRejected(
        "x * sigmod(x)",
        Message.UNKNOWN_FUNCTION,
        4,
        "unknown function 'sigmod'; did you mean 'sigmoid'?");
    assertRejected("Exp(x)", Message.UNKNOWN_FUNCTION, 0, "did you mean 'exp'?");
  }

  @Test
  void unknownFunction_withoutCloseName_hasNoSuggestion() {
    FormulaSyntaxException e = rejected(FORMULA, "frobnicate(x)");
    assertEquals("[RectifyUnknownFunction] unknown function 'frobnicate'", e.getMessage());
  }

  @Test
  void unknownName_suggestsAParameter() {
    assertRejected(
        "x * alpah", Message.UNKNOWN_NAME, 4, "unknown name 'alpah'; did you mean 'alpha'?");
    assertEquals(
        "[RectifyUnknownName] unknown name 'zzzz'", rejected(FORMULA, "zzzz").getMessage());
  }

  @Test
  void functionWithoutCall_saysHowToCallIt() {
    assertRejected("exp + x", Message.SYNTAX, 0, "'exp' is a function; call it as exp(...)");
  }

  @Test
  void arity_pointsAtTheFunctionName() {
    assertRejected("x + max(x)", Message.ARITY, 4, "'max' takes 2 arguments, got 1");
    assertRejected("exp(x, 1)", Message.ARITY, 0, "'exp' takes 1 argument, got 2");
    assertRejected("exp()", Message.ARITY, 0, "'exp' takes 1 argument, got 0");
    assertRejected("clamp(x, 0)", Message.ARITY, 0, "'clamp' takes 3 arguments, got 2");
  }

  @Test
  void wrongInput_bInOneInputScope() {
    assertRejected(
        "x + b",
        Message.WRONG_INPUT,
        4,
        "'b' is not an input of a one-input activation, whose input is x");
  }

  @Test
  void wrongInput_xInGatedScope() {
    assertRejected(
        GATED,
        "a * x",
        Message.WRONG_INPUT,
        4,
        "'x' is not an input of a gated activation, whose inputs are a and b");
  }

  @Test
  void output_outsideDerivative_isRejected() {
    assertRejected("x + y", Message.OUTPUT_NOT_ALLOWED, 4, "'y' (the output) may only appear");
  }

  @Test
  void draws_outsideAllowedScope_areRejected() {
    assertRejected(
        DERIVATIVE,
        "x * uniform(0, 1)",
        Message.DRAW_NOT_ALLOWED,
        4,
        "'uniform' draws random numbers");
    assertRejected(GATED, "a * normal(0, 1)", Message.DRAW_NOT_ALLOWED, 4, "'normal' draws");
  }

  @Test
  void conditionUsedAsNumber_pointsAtTheCondition() {
    assertRejected("x * (x > 0)", Message.TYPE, 4, "a condition cannot be used as a number");
    assertRejected(
        "x > 0", Message.TYPE, 0, "a condition cannot be used as a number in the formula");
    assertRejected("exp(x > 0)", Message.TYPE, 4, "an argument of exp");
    assertRejected("-(x > 0)", Message.TYPE, 1, "in '-'");
  }

  @Test
  void numberUsedAsCondition_pointsAtTheNumber() {
    assertRejected("x ? 1 : 0", Message.TYPE, 0, "the condition of '? :' needs a condition");
    assertRejected("where(x, 1, 0)", Message.TYPE, 6, "the first argument of where needs");
    assertRejected("!x ? 1 : 0", Message.TYPE, 1, "'!' needs a condition");
    assertRejected("x > 0 && x ? 1 : 0", Message.TYPE, 9, "'&&' needs a condition");
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertParsesAs(String formula, String fullyParenthesized)
      throws FormulaSyntaxException {
    assertParsesAs(FORMULA, formula, fullyParenthesized);
  }

  private static void assertParsesAs(Scope scope, String formula, String fullyParenthesized)
      throws FormulaSyntaxException {
    Expr e = Parser.parse(formula, scope);
    assertEquals(fullyParenthesized, full(e), formula);
    String printed = Printer.print(e);
    assertEquals(e, Parser.parse(printed, scope), "printed as " + printed);
  }

  private static void assertRejected(String formula, Message kind, int offset, String fragment) {
    assertRejected(FORMULA, formula, kind, offset, fragment);
  }

  private static void assertRejected(
      Scope scope, String formula, Message kind, int offset, String fragment) {
    FormulaSyntaxException e = rejected(scope, formula);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(
        e.getMessage().contains(fragment),
        () -> "expected '" + fragment + "' in: " + e.getMessage());
  }

  private static FormulaSyntaxException rejected(Scope scope, String formula) {
    return assertThrows(FormulaSyntaxException.class, () -> Parser.parse(formula, scope));
  }

  /** Every node in parentheses, except atoms and calls: the expected form of the tables. */
  static String full(Expr e) {
    if (e instanceof Num n) {
      double v = n.value();
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    } else if (e instanceof Var v) {
      return v.name();
    } else if (e instanceof Neg n) {
      return "(-" + full(n.operand()) + ")";
    } else if (e instanceof Binary b) {
      return "(" + full(b.left()) + " " + b.op().symbol + " " + full(b.right()) + ")";
    } else if (e instanceof Call c) {
      StringJoiner args = new StringJoiner(", ", c.function().formulaName() + "(", ")");
      c.args().forEach(a -> args.add(full(a)));
      return args.toString();
    } else if (e instanceof Select s) {
      return "(" + full(s.condition()) + " ? " + full(s.then()) + " : " + full(s.otherwise()) + ")";
    } else if (e instanceof Compare c) {
      return "(" + full(c.left()) + " " + c.op().symbol + " " + full(c.right()) + ")";
    } else if (e instanceof Logic l) {
      return "(" + full(l.left()) + (l.and() ? " && " : " || ") + full(l.right()) + ")";
    } else if (e instanceof Not n) {
      return "(!" + full(n.operand()) + ")";
    } else if (e instanceof Draw d) {
      String name = d.distribution() == Distribution.UNIFORM ? "uniform" : "normal";
      return name + "(" + full(d.p1()) + ", " + full(d.p2()) + ")";
    }
    throw new AssertionError(e);
  }
}
