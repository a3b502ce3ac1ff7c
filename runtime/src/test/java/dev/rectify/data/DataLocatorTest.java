package dev.rectify.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
  @TempDir Path dir;

  @Test
  void propertyWinsOverEnvironment_evenWhenMissing() {
    assertEquals(Optional.of(Path.of("/p")), DataLocator.root("/p", "/e", dir));
    assertEquals(Optional.of(Path.of("/e")), DataLocator.root(null, "/e", dir));
    assertEquals(Optional.of(Path.of("/e")), DataLocator.root(" ", "/e", dir));
  }

  @Test
  void fallsBackToSharedDataOneOrTwoLevelsUp() throws IOException {
    Path module = Files.createDirectories(dir.resolve("repo/runtime"));
    assertEquals(Optional.empty(), DataLocator.root(null, null, module));
    Path twoUp = Files.createDirectories(dir.resolve("shared/data"));
    assertEquals(Optional.of(twoUp), DataLocator.root(null, null, module));
    Path oneUp = Files.createDirectories(dir.resolve("repo/shared/data"));
    assertEquals(Optional.of(oneUp), DataLocator.root(null, null, module));
    assertTrue(DataLocator.root(null, null, module).get().isAbsolute());
  }
}
