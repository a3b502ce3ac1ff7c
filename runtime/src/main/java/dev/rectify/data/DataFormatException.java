package dev.rectify.data;

import java.io.IOException;

/**
 * A data file that exists but cannot be used: wrong magic, truncated, inconsistent header, labels
 * out of range. The message is one line that starts with the file and names the problem:
 *
 * <pre>
 * train-images-idx3-ubyte.gz: truncated: header says 60000 images of 28x28 (47040000 bytes) but
 * payload has 1234 bytes
 * </pre>
 *
 * <p>Not to be confused with {@code java.util.zip.DataFormatException}, which is not an {@link
 * IOException}; this one is, so callers can handle every loading failure in one {@code catch}.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** {@code source}: the file or resource name; {@code problem}: what is wrong with it. */
  public DataFormatException(String source, String problem) {
    super(source + ": " + problem);
  }

  DataFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}
