package dev.rectify.processor.formula;

import dev.rectify.processor.diag.Message;
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
import dev.rectify.processor.formula.Token.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Pratt parser for the formula language (see {@link dev.rectify.spec.Activation}). It resolves
 * names and checks types as it goes, because only here are the tokens' offsets known: an unknown
 * function, a condition used as a number or a {@code b} in a one-input formula is reported at its
 * column. Convenience functions are expanded into the core {@link Function}s here.
 *
 * <pre>{@code
 * Expr e = Parser.parse("x * sigmoid(x)", scope);
 * }</pre>
 */
public final class Parser {
  /** Longer formulas are rejected: nothing legitimate comes close, and it bounds compile time. */
  public static final int MAX_LENGTH = 10_000;

  /** Deeper nesting is rejected before the JVM stack could overflow, here or in the analyses. */
  public static final int MAX_DEPTH = 200;

  private static final Map<String, Integer> MACRO_ARITY = new LinkedHashMap<>();

  static {
    MACRO_ARITY.put("pow", 2);
    MACRO_ARITY.put("clamp", 3);
    MACRO_ARITY.put("step", 1);
    MACRO_ARITY.put("where", 3);
    MACRO_ARITY.put("relu", 1);
    MACRO_ARITY.put("relu6", 1);
    MACRO_ARITY.put("silu", 1);
    MACRO_ARITY.put("gelu", 1);
    MACRO_ARITY.put("logsigmoid", 1);
    MACRO_ARITY.put("uniform", 2);
    MACRO_ARITY.put("normal", 2);
  }

  private static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

  private final List<Token> tokens;
  private final Scope scope;
  private int pos;
  private int depth;
  private int draws;

  private Parser(List<Token> tokens, Scope scope) {
    this.tokens = tokens;
    this.scope = scope;
  }

  /**
   * Parses {@code text} as a numeric expression in {@code scope}.
   *
   * @throws FormulaSyntaxException at the first error, with its offset
   */
  public static Expr parse(String text, Scope scope) throws FormulaSyntaxException {
    if (text.length() > MAX_LENGTH) {
      throw new FormulaSyntaxException(
          Message.TOO_LONG, 0, scope.attribute(), text.length(), MAX_LENGTH);
    }
    if (text.isBlank()) {
      throw new FormulaSyntaxException(Message.EMPTY_FORMULA, 0, scope.attribute());
    }
    Parser p = new Parser(Lexer.tokenize(text), scope);
    Parsed result = p.expression(Precedence.NONE);
    Token end = p.peek();
    if (end.kind() != Kind.EOF) {
      throw new FormulaSyntaxException(
          Message.SYNTAX, end.offset(), "unexpected '" + end.text() + "' after a complete formula");
    }
    p.requireNumber(result, "the formula");
    return result.expr;
  }

  /** Every function name the language knows, core and convenience, sorted. */
  public static List<String> functionNames() {
    List<String> names = new ArrayList<>();
    for (Function f : Function.values()) {
      if (f.isInFormulaLanguage()) {
        names.add(f.formulaName());
      }
    }
    names.addAll(MACRO_ARITY.keySet());
    names.sort(Comparator.naturalOrder());
    return names;
  }

  /** Names a parameter may not take. */
  public static boolean isReserved(String name) {
    return Scope.ALL_INPUTS.contains(name)
        || name.equals("y")
        || CONSTANTS.containsKey(name)
        || functionNames().contains(name);
  }

  /** An expression and whether it is a condition (boolean) rather than a number. */
  /**
   * An expression, whether it is a condition (boolean) rather than a number, where it starts, and
   * the depth of its tree: the analyses after the parser recurse once per level, so depth, not the
   * parser's own recursion, is what {@link #MAX_DEPTH} bounds ({@code x + x + ... + x} is a loop in
   * the parser but a tree as deep as it is long).
   */
  private record Parsed(Expr expr, boolean condition, int offset, int depth) {
    Parsed(Expr expr, boolean condition, int offset) {
      this(expr, condition, offset, 1);
    }
  }

  private Parsed expression(Precedence min) throws FormulaSyntaxException {
    if (++depth > MAX_DEPTH) {
      throw new FormulaSyntaxException(Message.TOO_DEEP, peek().offset(), MAX_DEPTH);
    }
    Parsed left = prefix(advance());
    while (min.compareTo(infixPrecedence(peek().kind())) < 0) {
      left = infix(left, advance());
    }
    depth--;
    return left;
  }

  private Parsed prefix(Token t) throws FormulaSyntaxException {
    switch (t.kind()) {
      case NUMBER:
        return new Parsed(new Num(Double.parseDouble(t.text())), false, t.offset());
      case IDENT:
        return peek().kind() == Kind.LPAREN ? call(t) : name(t);
      case LPAREN:
        {
          Parsed inner = expression(Precedence.NONE);
          expect(Kind.RPAREN, "')' to close the '(' at column " + (t.offset() + 1));
          return new Parsed(inner.expr, inner.condition, t.offset(), inner.depth);
        }
      case MINUS:
        {
          Parsed operand = expression(Precedence.PREFIX);
          requireNumber(operand, "'-'");
          return deeper(new Parsed(new Neg(operand.expr), false, t.offset(), operand.depth + 1), t);
        }
      case PLUS:
        {
          Parsed operand = expression(Precedence.PREFIX);
          requireNumber(operand, "'+'");
          return new Parsed(operand.expr, false, t.offset(), operand.depth);
        }
      case BANG:
        {
          Parsed operand = expression(Precedence.PREFIX);
          requireCondition(operand, "'!'");
          return deeper(new Parsed(new Not(operand.expr), true, t.offset(), operand.depth + 1), t);
        }
      case EOF:
        throw new FormulaSyntaxException(Message.SYNTAX, t.offset(), "formula ends too early");
      default:
        throw new FormulaSyntaxException(
            Message.SYNTAX, t.offset(), "expected a number, a name or '(', got '" + t.text() + "'");
    }
  }

  private Parsed infix(Parsed left, Token t) throws FormulaSyntaxException {
    switch (t.kind()) {
      case PLUS:
        return arithmetic(left, t, Op.ADD, Precedence.SUM);
      case MINUS:
        return arithmetic(left, t, Op.SUB, Precedence.SUM);
      case STAR:
        return arithmetic(left, t, Op.MUL, Precedence.PRODUCT);
      case SLASH:
        return arithmetic(left, t, Op.DIV, Precedence.PRODUCT);
      case CARET:
        // right-associative: x ^ 2 ^ 3 is x ^ (2 ^ 3); the exponent may carry a sign: 2 ^ -x
        return arithmetic(left, t, Op.POW, Precedence.PREFIX);
      case LT:
      case LE:
      case GT:
      case GE:
      case EQ:
      case NE:
        {
          requireNumber(left, "'" + t.text() + "'");
          Parsed right = expression(Precedence.COMPARISON);
          requireNumber(right, "'" + t.text() + "'");
          if (infixPrecedence(peek().kind()) == Precedence.COMPARISON) {
            throw new FormulaSyntaxException(
                Message.SYNTAX,
                peek().offset(),
                "comparisons do not chain; write (a < x) && (x < b)");
          }
          return deeper(
              new Parsed(
                  new Compare(cmp(t.kind()), left.expr, right.expr),
                  true,
                  left.offset,
                  Math.max(left.depth, right.depth) + 1),
              t);
        }
      case AND:
      case OR:
        {
          requireCondition(left, "'" + t.text() + "'");
          Parsed right = expression(t.kind() == Kind.AND ? Precedence.AND : Precedence.OR);
          requireCondition(right, "'" + t.text() + "'");
          return deeper(
              new Parsed(
                  new Logic(t.kind() == Kind.AND, left.expr, right.expr),
                  true,
                  left.offset,
                  Math.max(left.depth, right.depth) + 1),
              t);
        }
      case QUESTION:
        {
          requireCondition(left, "the condition of '? :'");
          Parsed then = expression(Precedence.NONE);
          expect(Kind.COLON, "':' of the '?' at column " + (t.offset() + 1));
          Parsed otherwise = expression(Precedence.NONE); // right-associative: a ? b : c ? d : e
          requireNumber(then, "a branch of '? :'");
          requireNumber(otherwise, "a branch of '? :'");
          return deeper(
              new Parsed(
                  new Select(left.expr, then.expr, otherwise.expr),
                  false,
                  left.offset,
                  Math.max(left.depth, Math.max(then.depth, otherwise.depth)) + 1),
              t);
        }
      default:
        throw new AssertionError(t);
    }
  }

  /** Levels a convenience function's expansion may add: more than any expansion below has. */
  private static final int MACRO_DEPTH = 6;

  /** {@code p}, unless its tree is deeper than {@link #MAX_DEPTH}: then an error at {@code at}. */
  private static Parsed deeper(Parsed p, Token at) throws FormulaSyntaxException {
    if (p.depth > MAX_DEPTH) {
      throw new FormulaSyntaxException(Message.TOO_DEEP, at.offset(), MAX_DEPTH);
    }
    return p;
  }

  private Parsed arithmetic(Parsed left, Token t, Op op, Precedence rightPrecedence)
      throws FormulaSyntaxException {
    requireNumber(left, "'" + t.text() + "'");
    Parsed right = expression(rightPrecedence);
    requireNumber(right, "'" + t.text() + "'");
    return deeper(
        new Parsed(
            new Binary(op, left.expr, right.expr),
            false,
            left.offset,
            Math.max(left.depth, right.depth) + 1),
        t);
  }

  private Parsed name(Token t) throws FormulaSyntaxException {
    String n = t.text();
    if (scope.inputs().contains(n) || scope.params().contains(n)) {
      return new Parsed(new Var(n), false, t.offset());
    }
    if (n.equals("y")) {
      if (scope.allowsOutput()) {
        return new Parsed(new Var(n), false, t.offset());
      }
      throw new FormulaSyntaxException(Message.OUTPUT_NOT_ALLOWED, t.offset());
    }
    if (CONSTANTS.containsKey(n)) {
      return new Parsed(new Num(CONSTANTS.get(n)), false, t.offset());
    }
    if (Scope.ALL_INPUTS.contains(n)) {
      String why =
          scope.isGated()
              ? "'" + n + "' is not an input of a gated activation, whose inputs are a and b"
              : "'" + n + "' is not an input of a one-input activation, whose input is x";
      throw new FormulaSyntaxException(Message.WRONG_INPUT, t.offset(), why);
    }
    if (functionNames().contains(n)) {
      throw new FormulaSyntaxException(
          Message.SYNTAX, t.offset(), "'" + n + "' is a function; call it as " + n + "(...)");
    }
    List<String> candidates = new ArrayList<>(scope.inputs());
    candidates.addAll(scope.params());
    candidates.addAll(CONSTANTS.keySet());
    throw new FormulaSyntaxException(
        Message.UNKNOWN_NAME, t.offset(), n, Suggestions.didYouMean(n, candidates));
  }

  private Parsed call(Token t) throws FormulaSyntaxException {
    String n = t.text();
    Function core = coreFunction(n);
    if (core == null && !MACRO_ARITY.containsKey(n)) {
      throw new FormulaSyntaxException(
          Message.UNKNOWN_FUNCTION,
          t.offset(),
          n,
          Suggestions.didYouMean(n.toLowerCase(Locale.ROOT), functionNames()));
    }
    advance(); // '('
    List<Parsed> args = new ArrayList<>();
    if (peek().kind() != Kind.RPAREN) {
      do {
        args.add(expression(Precedence.NONE));
      } while (match(Kind.COMMA));
    }
    expect(Kind.RPAREN, "')' to close the call of " + n);
    int arity = core != null ? core.arity : MACRO_ARITY.get(n);
    if (args.size() != arity) {
      throw new FormulaSyntaxException(
          Message.ARITY, t.offset(), n, arity, arity == 1 ? "" : "s", args.size());
    }
    List<Expr> values = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i < args.size(); i++) {
      depth = Math.max(depth, args.get(i).depth);
      Parsed a = args.get(i);
      if (n.equals("where") && i == 0) {
        requireCondition(a, "the first argument of where");
      } else {
        requireNumber(a, "an argument of " + n);
      }
      values.add(a.expr);
    }
    if (core != null) {
      return deeper(new Parsed(new Call(core, values), false, t.offset(), depth + 1), t);
    }
    if ((n.equals("uniform") || n.equals("normal")) && !scope.allowsDraws()) {
      throw new FormulaSyntaxException(Message.DRAW_NOT_ALLOWED, t.offset(), n);
    }
    // an expansion such as logsigmoid's adds a few levels of its own
    return deeper(new Parsed(expand(n, values), false, t.offset(), depth + MACRO_DEPTH), t);
  }

  /** Expands a convenience function into core nodes. */
  private Expr expand(String name, List<Expr> v) {
    switch (name) {
      case "pow":
        return new Binary(Op.POW, v.get(0), v.get(1));
      case "clamp":
        return min(max(v.get(0), v.get(1)), v.get(2));
      case "step":
        return new Select(new Compare(CmpOp.GT, v.get(0), Num.ZERO), Num.ONE, Num.ZERO);
      case "where":
        return new Select(v.get(0), v.get(1), v.get(2));
      case "relu":
        return max(v.get(0), Num.ZERO);
      case "relu6":
        return min(max(v.get(0), Num.ZERO), new Num(6));
      case "silu":
        return new Binary(Op.MUL, v.get(0), new Call(Function.SIGMOID, List.of(v.get(0))));
      case "gelu":
        // x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))
        return new Binary(Op.MUL, v.get(0), new Call(Function.NDTR, List.of(v.get(0))));
      case "logsigmoid":
        return new Neg(new Call(Function.SOFTPLUS, List.of(new Neg(v.get(0)))));
      case "uniform":
        return new Draw(Distribution.UNIFORM, v.get(0), v.get(1), draws++);
      case "normal":
        return new Draw(Distribution.NORMAL, v.get(0), v.get(1), draws++);
      default:
        throw new AssertionError(name);
    }
  }

  private static Expr min(Expr a, Expr b) {
    return new Call(Function.MIN, List.of(a, b));
  }

  private static Expr max(Expr a, Expr b) {
    return new Call(Function.MAX, List.of(a, b));
  }

  private static Function coreFunction(String name) {
    for (Function f : Function.values()) {
      if (f.isInFormulaLanguage() && f.formulaName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static CmpOp cmp(Kind k) {
    switch (k) {
      case LT:
        return CmpOp.LT;
      case LE:
        return CmpOp.LE;
      case GT:
        return CmpOp.GT;
      case GE:
        return CmpOp.GE;
      case EQ:
        return CmpOp.EQ;
      case NE:
        return CmpOp.NE;
      default:
        throw new AssertionError(k);
    }
  }

  private static Precedence infixPrecedence(Kind k) {
    switch (k) {
      case PLUS:
      case MINUS:
        return Precedence.SUM;
      case STAR:
      case SLASH:
        return Precedence.PRODUCT;
      case CARET:
        return Precedence.POWER;
      case LT:
      case LE:
      case GT:
      case GE:
      case EQ:
      case NE:
        return Precedence.COMPARISON;
      case AND:
        return Precedence.AND;
      case OR:
        return Precedence.OR;
      case QUESTION:
        return Precedence.TERNARY;
      default:
        return Precedence.NONE;
    }
  }

  private void requireNumber(Parsed p, String where) throws FormulaSyntaxException {
    if (p.condition) {
      throw new FormulaSyntaxException(
          Message.TYPE,
          p.offset,
          "a condition cannot be used as a number in " + where + "; write (c) ? 1 : 0");
    }
  }

  private void requireCondition(Parsed p, String where) throws FormulaSyntaxException {
    if (!p.condition) {
      throw new FormulaSyntaxException(
          Message.TYPE, p.offset, where + " needs a condition such as x > 0, got a number");
    }
  }

  private Token peek() throws FormulaSyntaxException {
    Token t = tokens.get(pos);
    if (t.kind() == Kind.ERROR) {
      throw t.error();
    }
    return t;
  }

  private Token advance() throws FormulaSyntaxException {
    Token t = peek();
    if (t.kind() != Kind.EOF) {
      pos++;
    }
    return t;
  }

  private boolean match(Kind k) throws FormulaSyntaxException {
    if (peek().kind() == k) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(Kind k, String what) throws FormulaSyntaxException {
    Token t = peek();
    if (t.kind() != k) {
      String got = t.kind() == Kind.EOF ? "the end of the formula" : "'" + t.text() + "'";
      throw new FormulaSyntaxException(
          Message.SYNTAX, t.offset(), "expected " + what + ", got " + got);
    }
    pos++;
  }
}
