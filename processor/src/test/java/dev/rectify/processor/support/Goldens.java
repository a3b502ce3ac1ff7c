package dev.rectify.processor.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.TestInfo;

/**
 * Golden files laid out by test: {@code golden/<TestClass>/<testMethod>/<fqcn>.java} under {@code
 * processor/src/test/resources} (dagger's GoldenFileRule). With the environment variable {@code
 * RECTIFY_GOLDEN_ROOT} set to that resources directory, a mismatch rewrites the file instead of
 * failing (AutoFactory's GOLDEN_FILE_ROOT).
 */
public final class Goldens {
  private Goldens() {}

  private static final String ROOT_VARIABLE = "RECTIFY_GOLDEN_ROOT";

  /** Asserts that {@code actual} equals the golden file for this test and class name. */
  public static void assertMatches(TestInfo test, String fqcn, String actual) {
    String relative =
        "golden/"
            + test.getTestClass().orElseThrow().getSimpleName()
            + "/"
            + test.getTestMethod().orElseThrow().getName()
            + "/"
            + fqcn
            + ".java";
    String root = System.getenv(ROOT_VARIABLE);
    if (root != null) {
      Path file = Paths.get(root, relative);
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    String expected = read(relative);
    if (expected == null) {
      fail(
          "missing golden file: create processor/src/test/resources/"
              + relative
              + " (or run with "
              + ROOT_VARIABLE
              + "=$PWD/processor/src/test/resources)");
    }
    assertEquals(
        expected,
        actual,
        "generated source differs from "
            + relative
            + "; if the change is intended, rerun with "
            + ROOT_VARIABLE
            + " set");
  }

  /** The golden's text, or null. */
  public static String read(String relative) {
    try (var in = Goldens.class.getClassLoader().getResourceAsStream(relative)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
