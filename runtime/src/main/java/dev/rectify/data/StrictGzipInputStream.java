package dev.rectify.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Gunzips strictly: one or more gzip members (RFC 1952) back to back, each checked against its
 * CRC-32 and length, and nothing after the last one.
 *
 * <p>{@link java.util.zip.GZIPInputStream} is lenient at the end: bytes after a member that do not
 * start another one are dropped without a word, so a download with junk appended loaded as if
 * whole. Several members stay accepted, as {@code gunzip} accepts them: RFC 1952 allows them, and
 * {@code cat a.gz b.gz}, {@code pigz --independent} and bgzip write them legitimately.
 *
 * <p>Failures are {@link EOFException} when the input ends inside a member and {@link ZipException}
 * for anything else, with a message that does not name the file: {@link DataFiles} adds it.
 */
final class StrictGzipInputStream extends InputStream {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final Inflater inflater = new Inflater(true); // raw deflate: the gzip framing is ours
  private final CRC32 crc = new CRC32();
  private final byte[] input = new byte[8192];
  private final byte[] single = new byte[1];
  private int position; // the next byte of input not yet given to the inflater or a header
  private int limit;
  private long offset; // of input[0] in the compressed stream, for messages
  private long members;
  private boolean inMember;
  private boolean ended;

  StrictGzipInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (!inMember) {
        inMember = startMember();
        ended = !inMember;
        continue;
      }
      int n = inflate(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      if (inflater.finished()) {
        position = limit - inflater.getRemaining();
        endMember();
        inMember = false;
      } else if (inflater.needsDictionary()) {
        throw new ZipException("corrupt gzip data: deflate stream asks for a preset dictionary");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new EOFException("input ends inside the deflate data");
        }
        inflater.setInput(input, position, limit - position);
        position = limit;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  /** Reads a member's header; false at the end of the input after at least one member. */
  private boolean startMember() throws IOException {
    long start = offset + position;
    int id1 = nextByte();
    if (id1 < 0 && members > 0) {
      return false;
    }
    int id2 = nextByte();
    if (id1 != 0x1F || id2 != 0x8B) {
      throw new ZipException(
          members == 0
              ? "not in gzip format"
              : "trailing garbage after the gzip data, at byte " + start);
    }
    CRC32 headerCrc = new CRC32();
    headerCrc.update(id1);
    headerCrc.update(id2);
    int method = headerByte(headerCrc);
    if (method != 8) {
      throw new ZipException("unsupported gzip compression method " + method);
    }
    int flags = headerByte(headerCrc);
    for (int i = 0; i < 6; i++) { // modification time, extra flags, operating system
      headerByte(headerCrc);
    }
    if ((flags & FEXTRA) != 0) {
      int length = headerByte(headerCrc) | headerByte(headerCrc) << 8;
      for (int i = 0; i < length; i++) {
        headerByte(headerCrc);
      }
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated(headerCrc);
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated(headerCrc);
    }
    if ((flags & FHCRC) != 0) {
      int expected = requiredByte() | requiredByte() << 8;
      if (expected != (int) (headerCrc.getValue() & 0xFFFF)) {
        throw new ZipException("corrupt gzip header: header CRC mismatch");
      }
    }
    members++;
    inflater.reset();
    crc.reset();
    inflater.setInput(input, position, limit - position);
    position = limit;
    return true;
  }

  /** Checks the member's trailer: CRC-32 and length (mod 2^32) of its inflated bytes. */
  private void endMember() throws IOException {
    long expectedCrc = littleEndianInt();
    long expectedSize = littleEndianInt();
    if (expectedCrc != crc.getValue()) {
      throw new ZipException("corrupt gzip data: CRC-32 mismatch");
    }
    if (expectedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
      throw new ZipException("corrupt gzip data: length mismatch");
    }
  }

  private int inflate(byte[] b, int off, int len) throws ZipException {
    try {
      return inflater.inflate(b, off, len);
    } catch (DataFormatException e) {
      throw new ZipException("corrupt gzip data: " + e.getMessage());
    }
  }

  private long littleEndianInt() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 32; shift += 8) {
      value |= (long) requiredByte() << shift;
    }
    return value;
  }

  private void skipZeroTerminated(CRC32 headerCrc) throws IOException {
    while (headerByte(headerCrc) != 0) {
      // the original file name or a comment: not needed
    }
  }

  private int headerByte(CRC32 headerCrc) throws IOException {
    int b = requiredByte();
    headerCrc.update(b);
    return b;
  }

  private int requiredByte() throws IOException {
    int b = nextByte();
    if (b < 0) {
      throw new EOFException("input ends inside a gzip header or trailer");
    }
    return b;
  }

  /** The next compressed byte outside the deflate data, or -1 at the end of the input. */
  private int nextByte() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return input[position++] & 0xFF;
  }

  /** Replaces the (used up) input buffer with the next bytes; false at the end of the input. */
  private boolean fill() throws IOException {
    offset += limit;
    position = 0;
    limit = 0;
    int n = in.read(input, 0, input.length);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }
}
