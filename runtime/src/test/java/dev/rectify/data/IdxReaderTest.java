package dev.rectify.data;

import static dev.rectify.data.LoadFailures.assertMessage;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on tiny generated files: every failure is one line that names the file. */
class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void rawAndGzipped_readTheSame() throws IOException {
    byte[] images = images(3, 2, 2, 0, 255, 7, 1, 2, 3, 4, 5, 6, 7, 8, 11);
    Tensor raw = IdxReader.readImages(write("images", images));
    Tensor gz = IdxReader.readImages(write("images.gz", gzip(images)));
    assertArrayEquals(new int[] {3, 1, 2, 2}, raw.shape());
    assertEquals(255f, raw.get(0, 0, 0, 1));
    assertEquals(11f, raw.get(2, 0, 1, 1));
    assertArrayEquals(raw.data(), gz.data());
    assertArrayEquals(
        new int[] {9, 0, 200}, IdxReader.readLabels(write("l.gz", gzip(labels(9, 0, 200)))));
  }

  @Test
  void read_combinesImagesAndLabels() throws IOException {
    Dataset d =
        IdxReader.read("tiny", write("i", images(2, 1, 1, 5, 6)), write("l", labels(1, 0)), 2);
    assertEquals(2, d.size());
    assertEquals(1, d.label(0));
    assertArrayEquals(new float[] {5, 6}, d.features().data());
  }

  @Test
  void truncatedPayload_namesCountsAndBytes() throws IOException {
    byte[] full = images(60000, 28, 28);
    Path file = write("train-images-idx3-ubyte.gz", gzip(Arrays.copyOf(full, 16 + 1234)));
    assertMessage(
        file
            + ": truncated: header says 60000 images of 28x28 (47040000 bytes) but"
            + " payload has 1234 bytes",
        () -> IdxReader.readImages(file));
  }

  @Test
  void trailingData_isRejected() throws IOException {
    byte[] bytes = Arrays.copyOf(labels(1, 2), 8 + 3);
    Path file = write("labels", bytes);
    assertMessage(
        file + ": trailing data: header says 2 labels (2 bytes) but payload has 3 bytes",
        () -> IdxReader.readLabels(file));
  }

  @Test
  void gzipBomb_isReadOnlyAsFarAsTheHeaderPromises() throws IOException {
    // The reviewer's file promised 200 images and inflated to 2.7 GB, and reading it all failed
    // with OutOfMemoryError. 64 MiB make the same point ("more than": the reader stopped 1 MiB
    // past the promise) without taking the test JVM down if the bound is ever lost.
    Path file = write("train-images-idx3-ubyte.gz", gzipBomb(images(200, 28, 28), 64));
    assertMessage(
        file
            + ": trailing data: header says 200 images of 28x28 (156800 bytes) but payload has"
            + " more than 1205376 bytes",
        () -> IdxReader.readImages(file));
  }

  @Test
  void headerPromisingMoreThanTheFile_isTruncated() throws IOException {
    Path file = write("t10k-labels-idx1-ubyte", Arrays.copyOf(header(0x801, 1 << 30), 8 + 5));
    assertMessage(
        file
            + ": truncated: header says 1073741824 labels (1073741824 bytes) but payload has 5"
            + " bytes",
        () -> IdxReader.readLabels(file));
  }

  @Test
  void truncatedGzip_isRejected() throws IOException {
    byte[] gz = gzip(images(10, 4, 4));
    Path file = write("images.gz", Arrays.copyOf(gz, gz.length - 12));
    assertMessage(
        file + ": truncated gzip stream (" + (gz.length - 12) + " bytes)",
        () -> IdxReader.readImages(file));
  }

  @Test
  void wrongMagic_labelsGivenAsImages() throws IOException {
    Path file = write("t10k-labels-idx1-ubyte", labels(1, 2, 3));
    assertMessage(
        file
            + ": bad magic 0x00000801, expected 0x00000803 (IDX images: unsigned"
            + " bytes, 3 dimensions)",
        () -> IdxReader.readImages(file));
  }

  @Test
  void headerTooShort_isTruncated() throws IOException {
    Path file = write("images", Arrays.copyOf(images(1, 1, 1, 0), 10));
    assertMessage(
        file + ": truncated: 10 bytes, the IDX images header needs 16",
        () -> IdxReader.readImages(file));
  }

  @Test
  void zeroDimension_isRejected() throws IOException {
    Path file = write("images", images(1, 0, 28));
    assertMessage(
        file + ": header gives dimension 1 of the images as 0", () -> IdxReader.readImages(file));
  }

  @Test
  void headerWhoseSizeWrapsToZero_isTooLarge() throws IOException {
    // 4194304 * 2097152 * 2097152 = 2^64: a long product is 0, which the empty payload matched
    Path file = write("images", header(0x803, 1 << 22, 1 << 21, 1 << 21));
    assertMessage(
        file
            + ": too large: header says 4194304 images of 2097152x2097152, more than the"
            + " 2147483639 pixels one array can hold",
        () -> IdxReader.readImages(file));
  }

  @Test
  void headerWithLargestDimensions_isTooLarge_notAWrongByteCount() throws IOException {
    int max = Integer.MAX_VALUE;
    Path file = write("images", header(0x803, max, max, max));
    assertMessage(
        file
            + ": too large: header says 2147483647 images of 2147483647x2147483647, more than"
            + " the 2147483639 pixels one array can hold",
        () -> IdxReader.readImages(file));
    Path labels = write("labels", header(0x801, max));
    assertMessage(
        labels
            + ": too large: header says 2147483647 labels, more than the 2147483639 labels"
            + " one array can hold",
        () -> IdxReader.readLabels(labels));
  }

  @Test
  void countMismatch_namesBothFiles() throws IOException {
    Path images = write("images", images(2, 1, 1, 0, 0));
    Path labels = write("labels", labels(1, 2, 3));
    assertMessage(
        images + " and " + labels + ": disagree: 2 images but 3 labels",
        () -> IdxReader.read("x", images, labels, 10));
  }

  @Test
  void labelOutOfRange_namesIndexAndRange() throws IOException {
    Path images = write("images", images(3, 1, 1, 0, 0, 0));
    Path labels = write("labels", labels(1, 12, 3));
    assertMessage(
        labels + ": label 12 at index 1 is not in [0, 10)",
        () -> IdxReader.read("x", images, labels, 10));
  }

  @Test
  void emptyFile_isRejected() throws IOException {
    Path file = write("empty", new byte[0]);
    assertMessage(file + ": empty file", () -> IdxReader.readLabels(file));
  }

  @Test
  void missingFile_isNoSuchFile() {
    Path file = dir.resolve("absent.gz");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(file));
    assertEquals(file + ": no such file", e.getMessage());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static byte[] images(int count, int rows, int cols, int... pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + Math.max(pixels.length, count * rows * cols));
    b.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
    for (int p : pixels) {
      b.put((byte) p);
    }
    return b.array();
  }

  /** Just a header: the magic and the dimensions. */
  static byte[] header(int magic, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.array();
  }

  static byte[] labels(int... labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(0x801).putInt(labels.length);
    for (int l : labels) {
      b.put((byte) l);
    }
    return b.array();
  }

  /**
   * A valid gzip file of {@code content} followed by {@code mebibytes} MiB of zeros, built without
   * holding them: deflating a MiB of zeros after zeros gives the same block each time, so that
   * block is repeated, and the CRC is taken over one zero MiB at a time.
   */
  static byte[] gzipBomb(byte[] content, int mebibytes) throws IOException {
    byte[] mebibyte = new byte[1 << 20];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}); // no name, no time
    out.write(flushed(deflater, content));
    out.write(flushed(deflater, mebibyte)); // the first MiB, after the content
    byte[] afterZeros = flushed(deflater, mebibyte); // the second, and every later one
    CRC32 crc = new CRC32();
    crc.update(content);
    crc.update(mebibyte);
    for (int i = 1; i < mebibytes; i++) {
      out.write(afterZeros);
      crc.update(mebibyte);
    }
    deflater.finish(); // an empty last block
    byte[] buffer = new byte[64];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    long size = content.length + ((long) mebibytes << 20);
    out.write(
        ByteBuffer.allocate(8)
            .order(LITTLE_ENDIAN)
            .putInt((int) crc.getValue())
            .putInt((int) size)
            .array());
    return out.toByteArray();
  }

  /** {@code input} deflated up to a byte boundary (a sync flush), so blocks can be concatenated. */
  private static byte[] flushed(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
