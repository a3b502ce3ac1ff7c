package dev.rectify.data;

import static dev.rectify.data.LoadFailures.assertMessage;
import static dev.rectify.data.StrictGzipInputStreamTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digits CSV parser on small files: a row is 64 pixels in 0..16 and a label in 0..9. */
class DigitsCsvTest {
  private static final String GOOD_ROW = "0,".repeat(64) + "3\n";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"Infinity", "NaN", "1e10", "1e1", "5f", "5d", "0x5", "5.5", "5.", "", "5 5"})
  void notAnInteger_showsLineColumnAndCell(String cell) throws IOException {
    Path file = write(GOOD_ROW + rowWithThirdCell(cell));
    assertMessage(
        file + ": line 2, column 3: not an integer: '" + cell + "'", () -> DigitsCsv.load(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", " 5 ", "\t5", "+5", "05", "5.0", "5.00"})
  void integerForms_areAccepted(String cell) throws IOException {
    Dataset d = DigitsCsv.load(write(rowWithThirdCell(cell)));
    assertEquals(5f, d.features().get(0, 0, 0, 2));
  }

  @Test
  void integerBeyondInt_isOutOfRange_notAClampedValue() throws IOException {
    // parseDouble and a cast reported 1e10 as "2147483647 is not in [0, 16]"
    Path file = write(rowWithThirdCell("99999999999"));
    assertMessage(
        file + ": line 1, column 3: 99999999999 is not in [0, 16]", () -> DigitsCsv.load(file));
    Path negative = write(rowWithThirdCell("-1"));
    assertMessage(
        negative + ": line 1, column 3: -1 is not in [0, 16]", () -> DigitsCsv.load(negative));
  }

  @Test
  void controlCharactersInACell_areEscapedSoTheMessageStaysOneLine() throws IOException {
    Path file = write(rowWithThirdCell("5\r7\u0000"));
    assertMessage(
        file + ": line 1, column 3: not an integer: '5\\u000d7\\u0000'",
        () -> DigitsCsv.load(file));
  }

  @Test
  void longCell_isCutShort() throws IOException {
    Path file = write(rowWithThirdCell("x".repeat(1000)));
    assertMessage(
        file + ": line 1, column 3: not an integer: '" + "x".repeat(40) + "'...",
        () -> DigitsCsv.load(file));
  }

  @Test
  void byteOrderMark_isSkipped() throws IOException {
    Path file = dir.resolve("digits.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(file, concat(bom, rowWithThirdCell("7").getBytes(StandardCharsets.US_ASCII)));
    Dataset d = DigitsCsv.load(file);
    assertEquals(7f, d.features().get(0, 0, 0, 2));
    assertEquals(0f, d.features().get(0, 0, 0, 0));
  }

  @Test
  void blankLines_areSkippedAnywhere_andErrorsCountEveryLine() throws IOException {
    Dataset d = DigitsCsv.load(write("\n" + GOOD_ROW + "\n  \r\n" + rowWithThirdCell("9") + "\n"));
    assertEquals(2, d.size());
    assertArrayEquals(new int[] {3, 3}, d.labels());
    assertEquals(9f, d.features().get(1, 0, 0, 2));
    Path file = write(GOOD_ROW + "\n" + GOOD_ROW + "0,".repeat(63) + "3\n");
    assertMessage(
        file + ": line 4: expected 65 comma-separated values, got 64", () -> DigitsCsv.load(file));
  }

  @Test
  void onlyBlankLines_isNoRows() throws IOException {
    Path file = write("\n \n\n");
    assertMessage(file + ": no rows", () -> DigitsCsv.load(file));
  }

  /** A row of zeros with label 3 whose third pixel is {@code cell}. */
  private static String rowWithThirdCell(String cell) {
    return "0,0," + cell + "," + "0,".repeat(61) + "3\n";
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("digits.csv"), text, StandardCharsets.UTF_8);
  }
}
