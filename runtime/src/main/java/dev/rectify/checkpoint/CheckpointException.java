package dev.rectify.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be written or used. The message is one line that starts with the file:
 * {@code run/ckpt.bin: checksum mismatch (stored 0x1A2B3C4D, computed 0x5E6F7081)}.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /** As {@link #CheckpointException(Path, String)}, keeping the I/O failure that caused it. */
  public CheckpointException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
