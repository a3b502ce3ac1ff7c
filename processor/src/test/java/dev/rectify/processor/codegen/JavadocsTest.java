package dev.rectify.processor.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavadocsTest {
  @Test
  void shortLines_areLeftAsTheyAre() {
    String text = "One line.\n\n<pre>\nformula:   x * sigmoid(x)\n</pre>\n";
    assertEquals(text, Javadocs.wrap(text, 30));
  }

  @Test
  void prose_breaksAtSpaces_keepingItsIndentation() {
    assertEquals(
        "  the quick brown\n  fox jumps over\n  the lazy dog",
        Javadocs.wrap("  the quick brown fox jumps over the lazy dog", 17));
  }

  @Test
  void blockTags_continueFourColumnsIn() {
    assertEquals(
        "@throws E if a value\n    is NaN", Javadocs.wrap("@throws E if a value is NaN", 20));
  }

  @Test
  void preLines_continueUnderTheTextAfterTheirLabel() {
    assertEquals(
        "<pre>\nbackward:  a * b + c\n           * d - e +\n           f\n</pre>",
        Javadocs.wrap("<pre>\nbackward:  a * b + c * d - e + f\n</pre>", 20));
  }

  @Test
  void aWordLongerThanTheWidth_standsOnItsOwnLine() {
    assertEquals(
        "see\nhttps://example.org/a/long/path\nthen",
        Javadocs.wrap("see https://example.org/a/long/path then", 10));
  }
}
