package dev.rectify.processor.formula;

import dev.rectify.processor.diag.Message;
import dev.rectify.processor.formula.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a formula into tokens that remember their offsets. */
final class Lexer {
  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  /**
   * The tokens of {@code text}, ending with EOF, or, at the first character that cannot start a
   * token, with an ERROR token that carries the error: the parser reports it only when it gets
   * there, so that errors come in the order a reader meets them ({@code x ) ; ...} is reported at
   * the ')' before the ';').
   */
  static List<Token> tokenize(String text) {
    return new Lexer(text).run();
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      while (pos < text.length() && isSpace(text.charAt(pos))) {
        pos++;
      }
      if (pos >= text.length()) {
        tokens.add(new Token(Kind.EOF, "", text.length()));
        return tokens;
      }
      try {
        tokens.add(next());
      } catch (FormulaSyntaxException e) {
        tokens.add(new Token(Kind.ERROR, e.getMessage(), e.offset(), e));
        return tokens;
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private Token next() throws FormulaSyntaxException {
    int start = pos;
    char c = text.charAt(pos);
    if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number(start);
    }
    if (isIdentStart(c)) {
      while (pos < text.length() && isIdentPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.IDENT, text.substring(start, pos), start);
    }
    pos++;
    switch (c) {
      case '+':
        return new Token(Kind.PLUS, "+", start);
      case '-':
        return new Token(Kind.MINUS, "-", start);
      case '*':
        if (peek('*')) {
          throw new FormulaSyntaxException(
              Message.SYNTAX, start, "'**' is not an operator; write x ^ 2 for a power");
        }
        return new Token(Kind.STAR, "*", start);
      case '/':
        return new Token(Kind.SLASH, "/", start);
      case '^':
        return new Token(Kind.CARET, "^", start);
      case '(':
        return new Token(Kind.LPAREN, "(", start);
      case ')':
        return new Token(Kind.RPAREN, ")", start);
      case ',':
        return new Token(Kind.COMMA, ",", start);
      case '?':
        return new Token(Kind.QUESTION, "?", start);
      case ':':
        return new Token(Kind.COLON, ":", start);
      case '<':
        return peek('=') ? new Token(Kind.LE, "<=", start) : new Token(Kind.LT, "<", start);
      case '>':
        return peek('=') ? new Token(Kind.GE, ">=", start) : new Token(Kind.GT, ">", start);
      case '=':
        if (peek('=')) {
          return new Token(Kind.EQ, "==", start);
        }
        throw new FormulaSyntaxException(
            Message.SYNTAX, start, "'=' is not an operator; use '==' to compare");
      case '!':
        return peek('=') ? new Token(Kind.NE, "!=", start) : new Token(Kind.BANG, "!", start);
      case '&':
        if (peek('&')) {
          return new Token(Kind.AND, "&&", start);
        }
        throw new FormulaSyntaxException(Message.SYNTAX, start, "'&' is not an operator; use '&&'");
      case '|':
        if (peek('|')) {
          return new Token(Kind.OR, "||", start);
        }
        throw new FormulaSyntaxException(Message.SYNTAX, start, "'|' is not an operator; use '||'");
      default:
        throw new FormulaSyntaxException(
            Message.SYNTAX, start, "unexpected character " + describe(text.codePointAt(start)));
    }
  }

  private Token number(int start) throws FormulaSyntaxException {
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= text.length() || !isDigit(text.charAt(pos))) {
        throw new FormulaSyntaxException(
            Message.SYNTAX, save, "exponent of a number needs digits, as in 1e-3");
      }
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && isIdentStart(text.charAt(pos))) {
      throw new FormulaSyntaxException(
          Message.SYNTAX, pos, "a number cannot run into a name; write 2 * x, not 2x");
    }
    String literal = text.substring(start, pos);
    double value = Double.parseDouble(literal);
    if (Double.isInfinite(value)) {
      throw new FormulaSyntaxException(
          Message.SYNTAX, start, "number " + literal + " is out of the range of double");
    }
    return new Token(Kind.NUMBER, literal, start);
  }

  private boolean peek(char expected) {
    if (pos < text.length() && text.charAt(pos) == expected) {
      pos++;
      return true;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static String describe(int codePoint) {
    if (codePoint >= 0x20 && codePoint < 0x7f) {
      return "'" + (char) codePoint + "'";
    }
    return String.format("U+%04X", codePoint);
  }
}
