package dev.rectify.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Printer;
import java.util.Locale;

/**
 * Line wrapping for generated javadoc, which JavaPoet writes as given: its {@code $W} wraps code
 * only, and a derivative printed into a comment runs to hundreds of characters (GELU-tanh's
 * backward, a SUGAR surrogate). Google Java Style's 100 columns hold for generated files too
 * (STYLE.md rule 15).
 */
final class Javadocs {
  private Javadocs() {}

  /** Text columns of a top-level type's javadoc: 100 less its {@code " * "} prefix. */
  static final int TYPE_WIDTH = 97;

  /** Text columns of a member's javadoc, indented one level deeper than its type's. */
  static final int MEMBER_WIDTH = 95;

  /**
   * A member's one-paragraph javadoc: {@code template} with each {@code %s} replaced by a formula,
   * printed as javadoc text, and wrapped at {@link #MEMBER_WIDTH}.
   */
  static CodeBlock member(String template, Expr... formulas) {
    Object[] texts = new Object[formulas.length];
    for (int i = 0; i < formulas.length; i++) {
      texts[i] = LayerWriter.javadocText(Printer.print(formulas[i]));
    }
    return CodeBlock.of("$L\n", wrap(String.format(Locale.ROOT, template, texts), MEMBER_WIDTH));
  }

  /**
   * {@code text} with every line longer than {@code width} broken at spaces. Inside {@code <pre>},
   * a line's continuations line up under the text after its label ({@code "backward: "}), so the
   * block stays a table; elsewhere they keep the line's indentation, four columns more for a block
   * tag ({@code @throws}), as Google Java Style indents them. A word longer than the width stands
   * on a line of its own.
   */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    boolean pre = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("<pre>")) {
        pre = true;
      } else if (line.startsWith("</pre>")) {
        pre = false;
      }
      int hang = pre ? labelEnd(line) : leadingSpaces(line) + (isBlockTag(line) ? 4 : 0);
      String rest = line;
      String indent = "";
      while (indent.length() + rest.length() > width) {
        int lead = leadingSpaces(rest);
        int cut = breakingSpace(rest, lead, width - indent.length() - lead);
        if (cut < 0) {
          break;
        }
        out.append(indent).append(rest, 0, cut).append('\n');
        rest = rest.substring(cut + 1);
        indent = " ".repeat(hang);
      }
      out.append(indent).append(rest).append('\n');
    }
    out.setLength(out.length() - 1); // the newline after the last line, which split added
    return out.toString();
  }

  /**
   * The space at which to break {@code text} after {@code from}: the last one at most {@code max}
   * characters on, so that the piece before it fits, or, after a word longer than that, the first
   * one beyond; -1 when there is none. {@link #wrap} breaks lines at it, {@code
   * LayerWriter.wrappableString} string constants.
   */
  static int breakingSpace(String text, int from, int max) {
    int cut = text.lastIndexOf(' ', from + max);
    return cut > from ? cut : text.indexOf(' ', from + max);
  }

  /** Where a {@code <pre>} line's text starts after a {@code "label:"} and its spaces; else 0. */
  private static int labelEnd(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0 || line.substring(0, colon).contains(" ")) {
      return 0;
    }
    int end = colon + 1;
    while (end < line.length() && line.charAt(end) == ' ') {
      end++;
    }
    return end;
  }

  private static int leadingSpaces(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static boolean isBlockTag(String line) {
    return line.stripLeading().startsWith("@");
  }
}
