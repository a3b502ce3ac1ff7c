package dev.rectify.processor.support;

import com.palantir.javapoet.CodeBlock;

/** Lowered code as the text a test can compare. */
public final class Code {
  private Code() {}

  /**
   * {@code code} on one line. {@code CodeBlock.toString()} alone stops at the last place where
   * JavaPoet may wrap ({@code $W}, {@code $Z}) and loses the rest; a newline after it flushes the
   * line, and the wraps, if any, are joined again: a {@code $Z} wrap before the dot it precedes, a
   * {@code $W} wrap as the space it stands for.
   */
  public static String text(CodeBlock code) {
    String rendered = CodeBlock.of("$L\n", code).toString();
    return rendered
        .substring(0, rendered.length() - 1)
        .replaceAll("\n *(?=\\.)", "")
        .replaceAll("\n *", " ");
  }
}
