package dev.rectify.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
  private static final Path CKPT = Path.of("run/ckpt.bin");
  private static final String TEMP = "/abs/run/ckpt.bin.123.tmp";

  @Test
  void failureOnTheSubject_givesTheReasonAlone() {
    assertEquals(
        "permission denied", IoReasons.reason(new AccessDeniedException(CKPT.toString()), CKPT));
    assertEquals(
        "Not a directory",
        IoReasons.reason(new FileSystemException(CKPT.toString(), null, "Not a directory"), CKPT));
  }

  @Test
  void failureOnAnotherPath_namesIt() {
    assertEquals(
        "permission denied (" + TEMP + ")",
        IoReasons.reason(new AccessDeniedException(TEMP), CKPT));
    assertEquals(
        "no such file or directory (" + TEMP + ")",
        IoReasons.reason(new NoSuchFileException(TEMP), CKPT));
    assertEquals(
        "a file is in the way (run)",
        IoReasons.reason(new FileAlreadyExistsException("run"), CKPT));
  }

  @Test
  void failureWithoutAReasonOrPath_saysWhatKindItIs() {
    assertEquals("FileSystemException", IoReasons.reason(new FileSystemException(null), CKPT));
    assertEquals("IOException", IoReasons.reason(new IOException(), CKPT));
    assertEquals(
        "No space left on device",
        IoReasons.reason(new IOException("No space left on device"), CKPT));
  }
}
