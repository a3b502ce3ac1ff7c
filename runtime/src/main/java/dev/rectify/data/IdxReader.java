package dev.rectify.data;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzipped or raw (detected from the gzip magic, not
 * the file name).
 *
 * <p>The format: a big-endian int32 magic {@code 0x00000803} (unsigned bytes, 3 dimensions) for
 * images or {@code 0x00000801} (1 dimension) for labels, one big-endian int32 per dimension, then
 * the unsigned bytes, row-major. The reader checks all of it and that the payload has exactly the
 * size the header promises; any failure is a one-line {@link DataFormatException} naming the file,
 * and nothing is returned half-loaded. The header is read first and then only the bytes it promises
 * (and a bounded look past them), so a small gzip file that inflates to gigabytes costs no more
 * memory than its header claims.
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

  /** How far past the promised payload trailing data is counted before saying "more than". */
  private static final int TRAILING_BYTES_COUNTED = 1 << 20;

  /** The first buffer for a payload, doubled as bytes arrive, so a false header costs little. */
  private static final int FIRST_CHUNK = 1 << 16;

  private IdxReader() {}

  /**
   * Images as {@code [N, 1, rows, cols]} with the raw pixel values 0..255 as floats; {@link
   * Datasets} scales them to [0, 1].
   */
  public static Tensor readImages(Path file) throws IOException {
    String source = file.toString();
    try (InputStream in = DataFiles.open(file)) {
      int[] dims = header(source, in, IMAGES_MAGIC, "images");
      int count = dims[0];
      int rows = dims[1];
      int cols = dims[2];
      String says = "header says " + count + " images of " + rows + "x" + cols;
      int expected = fitting(source, says, "pixels", count, rows, cols);
      byte[] bytes = payload(source, in, expected, says);
      float[] pixels = new float[expected];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = bytes[i] & 0xFF;
      }
      return Tensor.wrap(pixels, count, 1, rows, cols);
    }
  }

  /** Labels as ints 0..255. */
  public static int[] readLabels(Path file) throws IOException {
    String source = file.toString();
    try (InputStream in = DataFiles.open(file)) {
      int[] dims = header(source, in, LABELS_MAGIC, "labels");
      int count = dims[0];
      String says = "header says " + count + " labels";
      byte[] bytes = payload(source, in, fitting(source, says, "labels", count), says);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = bytes[i] & 0xFF;
      }
      return labels;
    }
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

  /** Reads and validates magic and dimensions; returns the dimensions, all > 0. */
  private static int[] header(String source, InputStream in, int magic, String what)
      throws IOException {
    int rank = magic & 0xFF;
    int headerBytes = 4 + 4 * rank;
    byte[] bytes = in.readNBytes(headerBytes);
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
  private static int fitting(String source, String headerSays, String what, int... dims)
      throws DataFormatException {
    try {
      return (int) Tensor.sizeOf(dims);
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

  /**
   * Exactly the {@code expected} bytes after the header, which must end the file. The buffer grows
   * as bytes arrive, and trailing data is counted only {@link #TRAILING_BYTES_COUNTED} far.
   */
  private static byte[] payload(String source, InputStream in, int expected, String headerSays)
      throws IOException {
    byte[] payload = new byte[Math.min(expected, FIRST_CHUNK)];
    int filled = 0;
    while (filled < expected) {
      if (filled == payload.length) {
        payload = Arrays.copyOf(payload, (int) Math.min(expected, 2L * payload.length));
      }
      int n = in.read(payload, filled, payload.length - filled);
      if (n < 0) {
        throw new DataFormatException(
            source,
            "truncated: "
                + headerSays
                + " ("
                + expected
                + " bytes) but payload has "
                + filled
                + " bytes");
      }
      filled += n;
    }
    long trailing = countUpTo(in, TRAILING_BYTES_COUNTED + 1L);
    if (trailing > 0) {
      String has =
          trailing > TRAILING_BYTES_COUNTED
              ? "more than " + ((long) expected + TRAILING_BYTES_COUNTED)
              : String.valueOf(expected + trailing);
      throw new DataFormatException(
          source,
          "trailing data: "
              + headerSays
              + " ("
              + expected
              + " bytes) but payload has "
              + has
              + " bytes");
    }
    return payload;
  }

  /** The bytes left in {@code in}, reading no more than {@code limit} of them. */
  private static long countUpTo(InputStream in, long limit) throws IOException {
    byte[] scratch = new byte[8192];
    long count = 0;
    int n;
    while (count < limit
        && (n = in.read(scratch, 0, (int) Math.min(scratch.length, limit - count))) >= 0) {
      count += n;
    }
    return count;
  }
}
