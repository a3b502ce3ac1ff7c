package dev.rectify.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What went wrong in an I/O failure, for a one-line message that already names the file it is
 * about. The JDK's messages do not fit there: a {@link FileSystemException}'s is its path and
 * reason run together ("run/ckpt.bin.123.tmp: Permission denied", or only the path), and a
 * channel's error only its reason ("No space left on device").
 *
 * <pre>{@code
 * try {
 *   temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
 * } catch (IOException e) {
 *   // run/ckpt.bin: cannot write: permission denied (/abs/run/ckpt.bin.123.tmp)
 *   throw new CheckpointException(file, "cannot write: " + IoReasons.reason(e, file), e);
 * }
 * }</pre>
 */
public final class IoReasons {
  private IoReasons() {}

  /**
   * The reason for {@code e}: "permission denied", "no such file or directory", "a file is in the
   * way", the file system's own reason ("Not a directory"), or the message. The path the failure
   * names follows in parentheses unless it is {@code subject}, the file the message already names:
   * a failure on a temporary file or a parent folder says which.
   */
  public static String reason(IOException e, Path subject) {
    if (!(e instanceof FileSystemException fs)) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    String why;
    if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      why = "no such file or directory";
    } else if (e instanceof FileAlreadyExistsException) {
      why = "a file is in the way";
    } else {
      why = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
    }
    String path = fs.getFile();
    return path == null || path.equals(subject.toString()) ? why : why + " (" + path + ")";
  }
}
