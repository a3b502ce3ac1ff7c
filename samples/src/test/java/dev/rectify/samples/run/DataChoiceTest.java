package dev.rectify.samples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataChoiceTest {
  @TempDir Path tmp;

  @Test
  void load_digitsWithADataFolder_isRefusedRatherThanIgnored() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DataChoice.DIGITS.load(tmp, 0, 0));
    assertTrue(
        e.getMessage().contains("digits is bundled and not read from " + tmp), e.getMessage());
  }

  @Test
  void load_digitsWithoutADataFolder_keepsTheAskedPrefix() throws IOException {
    assertEquals(100, DataChoice.DIGITS.load(null, 100, 0).train().size());
  }
}
