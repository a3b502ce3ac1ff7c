package dev.rectify.data;

import static dev.rectify.data.IdxReaderTest.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/**
 * The strict gunzip on hand-made members. Each is also read one byte per underlying read, so that
 * headers, deflate data and trailers split across buffer refills.
 */
class StrictGzipInputStreamTest {
  private static final byte[] TEXT =
      "0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0\n".repeat(50).getBytes(StandardCharsets.US_ASCII);

  @Test
  void singleMember_asGzipOutputStreamWritesIt() throws IOException {
    assertInflatesTo(TEXT, gzip(TEXT));
  }

  @Test
  void everyOptionalHeaderField_isSkippedAndTheHeaderCrcChecked() throws IOException {
    assertInflatesTo(TEXT, member(TEXT, true));
  }

  @Test
  void concatenatedMembers_readAsTheirConcatenation() throws IOException {
    // what `cat a.gz b.gz > c.gz`, pigz --independent and bgzip write; gunzip accepts it
    byte[] first = Arrays.copyOf(TEXT, 100);
    byte[] rest = Arrays.copyOfRange(TEXT, 100, TEXT.length);
    assertInflatesTo(TEXT, concat(gzip(first), member(rest, true), gzip(new byte[0])));
  }

  @Test
  void garbageAfterTheLastMember_isRejectedWithItsOffset() throws IOException {
    byte[] gz = gzip(TEXT);
    byte[] withGarbage = concat(gz, "junk".getBytes(StandardCharsets.US_ASCII));
    // GZIPInputStream ignores such bytes; this is why the strict reader exists
    assertArrayEquals(
        TEXT, new GZIPInputStream(new ByteArrayInputStream(withGarbage)).readAllBytes());
    assertFails(
        ZipException.class,
        "trailing garbage after the gzip data, at byte " + gz.length,
        withGarbage);
    assertFails(
        ZipException.class,
        "trailing garbage after the gzip data, at byte " + gz.length,
        concat(gz, new byte[1]));
  }

  @Test
  void wrongCrc_isRejected() throws IOException {
    byte[] gz = gzip(TEXT);
    gz[gz.length - 8] ^= 1;
    assertFails(ZipException.class, "corrupt gzip data: CRC-32 mismatch", gz);
  }

  @Test
  void wrongLength_isRejected() throws IOException {
    byte[] gz = gzip(TEXT);
    gz[gz.length - 4] ^= 1;
    assertFails(ZipException.class, "corrupt gzip data: length mismatch", gz);
  }

  @Test
  void wrongHeaderCrc_isRejected() throws IOException {
    byte[] gz = member(TEXT, true);
    gz[3 + 1] ^= 1; // the modification time, covered by the header CRC
    assertFails(ZipException.class, "corrupt gzip header: header CRC mismatch", gz);
  }

  @Test
  void corruptDeflateData_isRejected() throws IOException {
    byte[] gz = gzip(TEXT);
    gz[10] = (byte) 0xFF; // block type 3, which does not exist
    assertFails(ZipException.class, "corrupt gzip data: invalid block type", gz);
  }

  @Test
  void inputEndingInsideAMember_isEndOfFile() throws IOException {
    byte[] gz = gzip(TEXT);
    assertFails(EOFException.class, "input ends inside the deflate data", Arrays.copyOf(gz, 20));
    assertFails(
        EOFException.class,
        "input ends inside a gzip header or trailer",
        Arrays.copyOf(gz, gz.length - 3));
    assertFails(
        EOFException.class, "input ends inside a gzip header or trailer", Arrays.copyOf(gz, 5));
  }

  @Test
  void otherMethodThanDeflate_isRejected() throws IOException {
    byte[] gz = gzip(TEXT);
    gz[2] = 7;
    assertFails(ZipException.class, "unsupported gzip compression method 7", gz);
  }

  private static void assertInflatesTo(byte[] expected, byte[] gz) throws IOException {
    try (InputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gz))) {
      assertArrayEquals(expected, in.readAllBytes());
    }
    try (InputStream in = new StrictGzipInputStream(new OneByteReads(gz))) {
      assertArrayEquals(expected, in.readAllBytes(), "one byte per read");
    }
    try (InputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0; ) {
        out.write(b);
      }
      assertArrayEquals(expected, out.toByteArray(), "read()");
    }
  }

  private static void assertFails(Class<? extends IOException> type, String message, byte[] gz) {
    for (InputStream compressed :
        new InputStream[] {new ByteArrayInputStream(gz), new OneByteReads(gz)}) {
      IOException e =
          assertThrows(type, () -> new StrictGzipInputStream(compressed).readAllBytes(), message);
      assertEquals(message, e.getMessage());
    }
  }

  /**
   * A gzip member written by hand; with {@code allFields}, it has an extra field, a file name, a
   * comment and a header CRC, as {@code gzip} and other tools may write (GZIPOutputStream writes
   * none of them).
   */
  static byte[] member(byte[] content, boolean allFields) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(new byte[] {0x1f, (byte) 0x8b, 8, allFields ? (byte) (2 | 4 | 8 | 16) : 0});
    header.write(new byte[] {0x12, 0x34, 0x56, 0x78, 0, 3}); // time, extra flags, OS: Unix
    if (allFields) {
      header.write(new byte[] {4, 0, 'R', 'f', 2, 0}); // XLEN = 4: one subfield "Rf" of 0 bytes
      header.write("digits.csv\0a comment\0".getBytes(StandardCharsets.ISO_8859_1));
      CRC32 headerCrc = new CRC32();
      headerCrc.update(header.toByteArray());
      header.write((int) headerCrc.getValue() & 0xFF);
      header.write((int) (headerCrc.getValue() >> 8) & 0xFF);
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    byte[] buffer = new byte[256];
    while (!deflater.finished()) {
      header.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(content);
    header.write(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt((int) crc.getValue())
            .putInt(content.length)
            .array());
    return header.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Gives at most one byte per read, as a slow pipe might. */
  private static final class OneByteReads extends FilterInputStream {
    OneByteReads(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
