package dev.rectify.data;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Loads the UCI optical handwritten digits set (E. Alpaydin, CC BY 4.0): rows of 64 integer pixels
 * in 0..16 and a label 0..9, comma separated, gzipped or not. The set ships inside this library
 * ({@code dev/rectify/data/digits.csv.gz}, 1,797 samples, attribution in {@code digits.NOTICE.txt}
 * next to it), so it works offline.
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
    return parse(file.toString(), DataFiles.read(file));
  }

  private static Dataset parse(String source, byte[] bytes) throws DataFormatException {
    String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\r?\n");
    int rows = lines.length;
    while (rows > 0 && lines[rows - 1].isBlank()) {
      rows--;
    }
    if (rows == 0) {
      throw new DataFormatException(source, "no rows");
    }
    float[] pixels = new float[rows * PIXELS];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      String[] cells = lines[r].split(",", -1);
      if (cells.length != PIXELS + 1) {
        throw new DataFormatException(
            source,
            "line "
                + (r + 1)
                + ": expected "
                + (PIXELS + 1)
                + " comma-separated values, got "
                + cells.length);
      }
      for (int c = 0; c <= PIXELS; c++) {
        int value = integer(source, r, c, cells[c]);
        int max = c < PIXELS ? 16 : CLASSES - 1;
        if (value < 0 || value > max) {
          throw new DataFormatException(
              source,
              "line "
                  + (r + 1)
                  + ", column "
                  + (c + 1)
                  + ": "
                  + value
                  + " is not in [0, "
                  + max
                  + "]");
        }
        if (c < PIXELS) {
          pixels[r * PIXELS + c] = value;
        } else {
          labels[r] = value;
        }
      }
    }
    return new Dataset("digits", Tensor.wrap(pixels, rows, 1, SIDE, SIDE), labels, CLASSES);
  }

  /** The cell as an integer; {@code 5.0} is accepted too, as CSV exports of float arrays write. */
  private static int integer(String source, int row, int column, String cell)
      throws DataFormatException {
    try {
      double v = Double.parseDouble(cell.trim());
      if (v != Math.rint(v)) {
        throw new NumberFormatException();
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new DataFormatException(
          source,
          "line " + (row + 1) + ", column " + (column + 1) + ": not an integer: '" + cell + "'");
    }
  }
}
