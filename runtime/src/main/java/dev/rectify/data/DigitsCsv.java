package dev.rectify.data;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the UCI optical handwritten digits set (E. Alpaydin, CC BY 4.0): rows of 64 integer pixels
 * in 0..16 and a label 0..9, comma separated, gzipped or not. The set ships inside this library
 * ({@code dev/rectify/data/digits.csv.gz}, 1,797 samples, attribution in {@code digits.NOTICE.txt}
 * next to it), so it works offline.
 *
 * <p>Cells are integers, optionally signed, padded with blanks or written {@code 5.0}; blank lines
 * and a UTF-8 byte order mark are skipped. Anything else is an error giving the file, line, column
 * and cell.
 *
 * <pre>{@code
 * Dataset all = DigitsCsv.load();             // the bundled copy, [1797, 1, 8, 8], pixels 0..16
 * Dataset other = DigitsCsv.load(Path.of("my-digits.csv"));
 * }</pre>
 *
 * <p>Most callers want {@link Datasets#digits()}, which scales and splits it.
 */
public final class DigitsCsv {
  /** The bundled file, next to this class. */
  public static final String RESOURCE = "digits.csv.gz";

  private static final int SIDE = 8;
  private static final int PIXELS = SIDE * SIDE;
  private static final int CLASSES = 10;
  private static final int MAX_PIXEL = 16;
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  /** An integer cell: blanks, an optional sign, digits, and optionally a point and zeros. */
  private static final Pattern INTEGER = Pattern.compile("[ \t]*([+-]?[0-9]+)(?:\\.0+)?[ \t]*");

  /**
   * The largest file {@link #load(Path)} reads, decompressed: a digits row takes at most a few
   * hundred bytes, so this is over a million rows; beyond it a file is not a digits set (or is a
   * gzip bomb) and would only exhaust the heap.
   */
  static final int MAX_FILE_BYTES = 256 << 20;

  /** How much of a bad cell an error message shows. */
  private static final int QUOTED_CHARS = 40;

  private DigitsCsv() {}

  /** The bundled copy. */
  public static Dataset load() throws IOException {
    try (InputStream in = DigitsCsv.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + ": bundled resource missing from the classpath");
      }
      return parse(RESOURCE, DataFiles.decode(RESOURCE, in.readAllBytes()));
    }
  }

  /** A file in the same format. */
  public static Dataset load(Path file) throws IOException {
    return parse(file.toString(), DataFiles.read(file, MAX_FILE_BYTES));
  }

  private static Dataset parse(String source, byte[] bytes) throws DataFormatException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith(BYTE_ORDER_MARK)) {
      text = text.substring(1); // as Excel and Notepad write UTF-8
    }
    String[] lines = text.split("\r?\n");
    int rows = 0;
    for (String line : lines) {
      rows += line.isBlank() ? 0 : 1;
    }
    if (rows == 0) {
      throw new DataFormatException(source, "no rows");
    }
    float[] pixels = new float[rows * PIXELS];
    int[] labels = new int[rows];
    int row = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue; // anywhere in the file, as pandas and numpy's loadtxt skip them
      }
      String[] cells = lines[i].split(",", -1);
      if (cells.length != PIXELS + 1) {
        throw new DataFormatException(
            source,
            "line "
                + (i + 1)
                + ": expected "
                + (PIXELS + 1)
                + " comma-separated values, got "
                + cells.length);
      }
      for (int c = 0; c < PIXELS; c++) {
        pixels[row * PIXELS + c] = cell(source, i, c, cells[c], MAX_PIXEL);
      }
      labels[row] = cell(source, i, PIXELS, cells[PIXELS], CLASSES - 1);
      row++;
    }
    return new Dataset("digits", Tensor.wrap(pixels, rows, 1, SIDE, SIDE), labels, CLASSES);
  }

  /**
   * The cell as an integer in {@code [0, max]}: digits with an optional sign and surrounding
   * blanks; {@code 5.0} is accepted too, as CSV exports of float arrays write. Nothing else passes,
   * where {@code Double.parseDouble} took {@code 5f}, {@code 1e1} and {@code Infinity}.
   */
  private static int cell(String source, int line, int column, String cell, int max)
      throws DataFormatException {
    Matcher integer = INTEGER.matcher(cell);
    if (!integer.matches()) {
      throw new DataFormatException(
          source, where(line, column) + "not an integer: " + quoted(cell));
    }
    String digits = integer.group(1);
    try {
      int value = Integer.parseInt(digits);
      if (value >= 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException beyondInt) {
      // out of range as well
    }
    throw new DataFormatException(
        source, where(line, column) + digits + " is not in [0, " + max + "]");
  }

  /**
   * "line L, column C: " for the 0-based line index and column, built only for a message: a 256 MiB
   * file has tens of millions of cells.
   */
  private static String where(int line, int column) {
    return "line " + (line + 1) + ", column " + (column + 1) + ": ";
  }

  /** The cell in quotes, kept to one short line: control and non-ASCII characters escaped. */
  private static String quoted(String cell) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < cell.length() && i < QUOTED_CHARS; i++) {
      char c = cell.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.append(cell.length() > QUOTED_CHARS ? "'..." : "'").toString();
  }
}
