package dev.rectify.processor.formula;

/**
 * A lexical token with its 0-based offset in the formula text; an ERROR token carries the lexical
 * error found there.
 */
public record Token(Kind kind, String text, int offset, FormulaSyntaxException error) {

  public Token(Kind kind, String text, int offset) {
    this(kind, text, offset, null);
  }

  /** Token kinds. */
  public enum Kind {
    NUMBER,
    IDENT,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    CARET,
    LPAREN,
    RPAREN,
    COMMA,
    QUESTION,
    COLON,
    LT,
    LE,
    GT,
    GE,
    EQ,
    NE,
    AND,
    OR,
    BANG,
    EOF,
    ERROR
  }
}
