package dev.rectify.samples.cli;

import dev.rectify.samples.run.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Argument checks that picocli cannot express, each a usage error (exit 2). */
final class Checks {
  private Checks() {}

  static void positive(String flag, int value) {
    if (value <= 0) {
      throw new RectifyCli.UsageException(flag + " must be > 0, got " + value);
    }
  }

  static void nonNegative(String flag, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new RectifyCli.UsageException(flag + " must be finite and >= 0, got " + value);
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
