package dev.rectify.samples.cli;

import dev.rectify.samples.run.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Argument checks that picocli cannot express, each a usage error (exit 2). */
final class Checks {
  private Checks() {}

  static void positive(String flag, int value) {
    if (value <= 0) {
      throw new RectifyCli.UsageException(flag + " must be > 0, got " + value);
    }
  }

  static void inRange(String flag, int value, int min, int max) {
    if (value < min || value > max) {
      throw new RectifyCli.UsageException(
          flag + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  // The two checks below bound doubles by Float.MAX_VALUE: training computes in float, where a
  // larger value would become Infinity.

  static void positive(String flag, double value) {
    if (!(value > 0 && value <= Float.MAX_VALUE)) {
      throw new RectifyCli.UsageException(flag + " must be a finite float > 0, got " + value);
    }
  }

  static void nonNegative(String flag, double value) {
    if (!(value >= 0 && value <= Float.MAX_VALUE)) {
      throw new RectifyCli.UsageException(flag + " must be a finite float >= 0, got " + value);
    }
  }

  /**
   * Refuses an empty list, an empty item and an item given twice. Duplicates are refused rather
   * than dropped: runs are stored by name, so a second one would overwrite the first, and a
   * repeated name is more likely a typo for another one.
   *
   * @param where the flag, or what the positional parameters are
   */
  static void distinct(String where, List<?> values) {
    if (values.isEmpty()) {
      throw new RectifyCli.UsageException(where + ": the list is empty; give at least one value");
    }
    Set<String> seen = new HashSet<>();
    for (Object value : values) {
      String text = value.toString();
      if (text.isBlank()) {
        throw new RectifyCli.UsageException(where + ": the list has an empty item");
      }
      if (!seen.add(text)) {
        throw new RectifyCli.UsageException(where + ": '" + text + "' is listed twice");
      }
    }
  }

  /** Fails before any training when the output directory cannot be written. */
  static void writable(Path dir) {
    try {
      ResultFiles.ensureWritable(dir);
    } catch (IOException e) {
      throw new RectifyCli.UsageException(e.getMessage());
    }
  }
}
