package dev.rectify.data;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzipped or raw (detected from the gzip magic, not
 * the file name).
 *
 * <p>The format: a big-endian int32 magic {@code 0x00000803} (unsigned bytes, 3 dimensions) for
 * images or {@code 0x00000801} (1 dimension) for labels, one big-endian int32 per dimension, then
 * the unsigned bytes, row-major. The reader checks all of it and that the payload has exactly the
 * size the header promises; any failure is a one-line {@link DataFormatException} naming the file,
 * and nothing is returned half-loaded.
 *
 * <pre>{@code
 * Tensor images = IdxReader.readImages(dir.resolve("t10k-images-idx3-ubyte.gz")); // [N, 1, 28, 28]
 * int[] labels = IdxReader.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
 * Dataset test = IdxReader.read("mnist-test", imagesFile, labelsFile, 10);   // both, cross-checked
 * }</pre>
 */
public final class IdxReader {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * Images as {@code [N, 1, rows, cols]} with the raw pixel values 0..255 as floats; {@link
   * Datasets} scales them to [0, 1].
   */
  public static Tensor readImages(Path file) throws IOException {
    String source = file.toString();
    byte[] bytes = DataFiles.read(file);
    int[] dims = header(source, bytes, IMAGES_MAGIC, "images");
    int count = dims[0];
    int rows = dims[1];
    int cols = dims[2];
    String says = "header says " + count + " images of " + rows + "x" + cols;
    long expected = fitting(source, says, "pixels", count, rows, cols);
    int offset = checkPayload(source, bytes, dims.length, expected, says);
    float[] pixels = new float[(int) expected];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = bytes[offset + i] & 0xFF;
    }
    return Tensor.wrap(pixels, count, 1, rows, cols);
  }

  /** Labels as ints 0..255. */
  public static int[] readLabels(Path file) throws IOException {
    String source = file.toString();
    byte[] bytes = DataFiles.read(file);
    int[] dims = header(source, bytes, LABELS_MAGIC, "labels");
    int count = dims[0];
    String says = "header says " + count + " labels";
    fitting(source, says, "labels", count);
    int offset = checkPayload(source, bytes, 1, count, says);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[offset + i] & 0xFF;
    }
    return labels;
  }

  /**
   * An images file and its labels file as one dataset, checking that they hold the same number of
   * samples and that every label is in {@code [0, numClasses)}. Pixels are raw (0..255).
   */
  public static Dataset read(String name, Path images, Path labels, int numClasses)
      throws IOException {
    Tensor x = readImages(images);
    int[] y = readLabels(labels);
    if (x.dim(0) != y.length) {
      throw new DataFormatException(
          images + " and " + labels,
          "disagree: " + x.dim(0) + " images but " + y.length + " labels");
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= numClasses) {
        throw new DataFormatException(
            labels.toString(),
            "label " + y[i] + " at index " + i + " is not in [0, " + numClasses + ")");
      }
    }
    return new Dataset(name, x, y, numClasses);
  }

  /** Validates magic and dimensions; returns the dimensions, all > 0. */
  private static int[] header(String source, byte[] bytes, int magic, String what)
      throws DataFormatException {
    int rank = magic & 0xFF;
    int headerBytes = 4 + 4 * rank;
    if (bytes.length < 4) {
      throw new DataFormatException(
          source, "truncated: " + bytes.length + " bytes, too short for an IDX header");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes); // big-endian, as IDX is
    int actual = buffer.getInt();
    if (actual != magic) {
      throw new DataFormatException(
          source,
          String.format(
              "bad magic 0x%08X, expected 0x%08X (IDX %s: unsigned bytes, %d dimension%s)",
              actual, magic, what, rank, rank == 1 ? "" : "s"));
    }
    if (bytes.length < headerBytes) {
      throw new DataFormatException(
          source,
          "truncated: "
              + bytes.length
              + " bytes, the IDX "
              + what
              + " header needs "
              + headerBytes);
    }
    int[] dims = new int[rank];
    for (int d = 0; d < rank; d++) {
      dims[d] = buffer.getInt();
      if (dims[d] <= 0) {
        throw new DataFormatException(
            source, "header gives dimension " + d + " of the " + what + " as " + dims[d]);
      }
    }
    return dims;
  }

  /**
   * The product of {@code dims}, exactly, if one array can hold that many values: a header of
   * 4194304 images of 2097152x2097152 (2^64 pixels) must not wrap around to an empty payload.
   */
  private static long fitting(String source, String headerSays, String what, int... dims)
      throws DataFormatException {
    try {
      return Tensor.sizeOf(dims);
    } catch (IllegalArgumentException tooLarge) {
      throw new DataFormatException(
          source,
          "too large: "
              + headerSays
              + ", more than the "
              + Tensor.MAX_SIZE
              + " "
              + what
              + " one array can hold");
    }
  }

  /** Checks the payload has exactly {@code expected} bytes; returns its offset. */
  private static int checkPayload(
      String source, byte[] bytes, int rank, long expected, String headerSays)
      throws DataFormatException {
    int offset = 4 + 4 * rank;
    long payload = bytes.length - offset;
    if (payload < expected) {
      throw new DataFormatException(
          source,
          "truncated: "
              + headerSays
              + " ("
              + expected
              + " bytes) but payload has "
              + payload
              + " bytes");
    }
    if (payload > expected) {
      throw new DataFormatException(
          source,
          "trailing data: "
              + headerSays
              + " ("
              + expected
              + " bytes) but payload has "
              + payload
              + " bytes");
    }
    return offset;
  }
}
