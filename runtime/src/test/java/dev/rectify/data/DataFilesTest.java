package dev.rectify.data;

import static dev.rectify.data.IdxReaderTest.gzip;
import static dev.rectify.data.LoadFailures.assertMessage;
import static dev.rectify.data.StrictGzipInputStreamTest.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  private static final byte[] DIGITS_ROW =
      ("0,".repeat(64) + "7\n").getBytes(StandardCharsets.US_ASCII);

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
  void garbageAfterTheGzipData_namesTheFile() throws IOException {
    byte[] gz = gzip(IdxReaderTest.labels(1, 2, 3));
    Path file = Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), concat(gz, new byte[3]));
    assertMessage(
        file + ": trailing garbage after the gzip data, at byte " + gz.length,
        () -> IdxReader.readLabels(file));
    Path csv =
        Files.write(
            dir.resolve("digits.csv.gz"),
            concat(gzip(DIGITS_ROW), "x".getBytes(StandardCharsets.US_ASCII)));
    assertMessage(
        csv + ": trailing garbage after the gzip data, at byte " + gzip(DIGITS_ROW).length,
        () -> DigitsCsv.load(csv));
  }

  @Test
  void concatenatedGzipMembers_loadAsOneFile() throws IOException {
    Path csv =
        Files.write(dir.resolve("digits.csv.gz"), concat(gzip(DIGITS_ROW), gzip(DIGITS_ROW)));
    assertEquals(2, DigitsCsv.load(csv).size());
  }

  @Test
  void failureWhileReading_namesTheFile() {
    // Linux: reading this process's memory at address 0 fails with EIO after a successful open
    Path mem = Path.of("/proc/self/mem");
    assumeTrue(Files.isReadable(mem));
    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(mem));
    assertEquals(mem + ": cannot read: Input/output error", e.getMessage());
  }

  @Test
  void aFileWithoutASizeHeader_isReadOnlyUpToItsLimit() throws IOException {
    // a CSV has no header that bounds it: a small gzip file could inflate past the heap
    byte[] twentyRows =
        new String(DIGITS_ROW, StandardCharsets.US_ASCII)
            .repeat(20)
            .getBytes(StandardCharsets.US_ASCII);
    Path csv = Files.write(dir.resolve("digits.csv.gz"), gzip(twentyRows));
    assertEquals(20 * DIGITS_ROW.length, DataFiles.read(csv, 20 * DIGITS_ROW.length).length);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> DataFiles.read(csv, 19 * DIGITS_ROW.length));
    assertEquals(
        csv + ": larger than " + 19 * DIGITS_ROW.length + " bytes (decompressed)", e.getMessage());
  }
}
