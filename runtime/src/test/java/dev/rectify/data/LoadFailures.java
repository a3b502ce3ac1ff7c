package dev.rectify.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

/** The project's rule for bad input as an assertion: one line of message, naming the file. */
final class LoadFailures {
  private LoadFailures() {}

  /**
   * Runs {@code load}, which must fail with an {@link IOException} saying exactly {@code expected}.
   */
  static IOException assertMessage(String expected, Load load) {
    IOException e = assertThrows(IOException.class, load::run);
    assertEquals(expected, e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    return e;
  }

  /** Something that loads a file. */
  interface Load {
    void run() throws IOException;
  }
}
