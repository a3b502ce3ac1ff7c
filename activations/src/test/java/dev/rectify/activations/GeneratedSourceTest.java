package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.Activations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The zoo's generated sources as a reader meets them in an IDE (STYLE.md rules 7 and 15): every
 * file marked {@code @Generated} and within Google Java Style's 100 columns, the long derivatives
 * (GELU-tanh's, the SUGAR surrogates') included. The processor's golden tests check the same for a
 * few activations; this checks every one the build generated.
 */
class GeneratedSourceTest {
  /** Where javac writes the processor's output; Surefire runs in the module's directory. */
  static final Path GENERATED =
      Path.of("target/generated-sources/annotations/dev/rectify/activations");

  @Test
  void everyGeneratedFile_isMarked_andWithin100Columns() throws IOException {
    List<Path> layers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(GENERATED)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        if (file.getFileName().toString().endsWith("Layer.java")) {
          layers.add(file);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.stream().noneMatch(l -> l.startsWith("@Generated("))) {
          problems.add(file.getFileName() + ": no @Generated");
        }
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).length() > 100) {
            problems.add(
                file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).length() + " columns");
          }
        }
      }
    }
    // one layer per registered activation: the check covered the whole zoo
    assertEquals(
        Activations.names().size(), layers.size(), "layers under " + GENERATED.toAbsolutePath());
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
