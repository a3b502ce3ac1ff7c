package dev.rectify.data;

import static dev.rectify.data.LoadFailures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and reading data files: whatever fails, the message starts with the file. */
class DataFilesTest {
  @TempDir Path dir;

  @Test
  void directory_saysIsADirectory() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("train-images-idx3-ubyte.gz"));
    assertMessage(folder + ": is a directory", () -> IdxReader.readImages(folder));
    assertMessage(folder + ": is a directory", () -> DigitsCsv.load(folder));
  }

  @Test
  void missingFile_saysNoSuchFile() {
    Path file = dir.resolve("digits.csv");
    IOException e = assertMessage(file + ": no such file", () -> DigitsCsv.load(file));
    assertEquals(NoSuchFileException.class, e.getClass());
  }

  @Test
  void pathThroughAFile_saysWhyItCannotBeRead() throws IOException {
    Path file = Files.write(dir.resolve("mnist"), new byte[] {1});
    Path below = file.resolve("t10k-labels-idx1-ubyte");
    assertMessage(below + ": cannot read: Not a directory", () -> IdxReader.readLabels(below));
  }

  @Test
  void unreadableFile_saysPermissionDenied() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path file = Files.write(dir.resolve("digits.csv"), new byte[] {'0'});
    Files.setPosixFilePermissions(file, Set.of());
    assumeFalse(Files.isReadable(file), "permissions do not apply to this user (root?)");
    IOException e =
        assertMessage(file + ": cannot read: permission denied", () -> DigitsCsv.load(file));
    assertEquals(AccessDeniedException.class, e.getClass());
  }

  @Test
  void failureWhileReading_namesTheFile() {
    // Linux: reading this process's memory at address 0 fails with EIO after a successful open
    Path mem = Path.of("/proc/self/mem");
    assumeTrue(Files.isReadable(mem));
    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(mem));
    assertEquals(mem + ": cannot read: Input/output error", e.getMessage());
  }
}
