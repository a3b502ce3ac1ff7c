package dev.rectify.data;

import dev.rectify.io.IoReasons;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Opens data files as streams, gunzipping those that start with the gzip magic, and turns every
 * failure into a one-line message that names the file: {@code <file>: no such file}, {@code <file>:
 * is a directory}, {@code <file>: cannot read: permission denied}, or what is wrong with the
 * contents.
 *
 * <p>Gzip is read by {@link StrictGzipInputStream}, so bytes after the compressed data are an error
 * rather than silently dropped.
 *
 * <p>Readers that know from a header how much data to expect ({@link IdxReader}) read the stream
 * and stop there, so a small gzip file that inflates to gigabytes is never inflated in full.
 */
final class DataFiles {
  private DataFiles() {}

  /**
   * The file's contents, decompressed if gzipped, all in memory, if they are at most {@code
   * maxBytes}: formats without a header that gives their size (CSV) cannot be bounded the way
   * {@link IdxReader} bounds its reads, and a small gzip file can inflate to gigabytes.
   */
  static byte[] read(Path file, int maxBytes) throws IOException {
    try (InputStream in = open(file)) {
      byte[] bytes = in.readNBytes(maxBytes);
      if (in.read() >= 0) {
        throw new DataFormatException(
            file.toString(),
            // open() gunzips whatever starts with the gzip magic, whatever its name
            "larger than " + maxBytes + " bytes (decompressed)");
      }
      return bytes;
    }
  }

  /** {@code raw} decompressed if it starts with the gzip magic 1f 8b, else {@code raw}. */
  static byte[] decode(String source, byte[] raw) throws IOException {
    try (InputStream in = decoded(source, new RawBytes(source, new ByteArrayInputStream(raw)))) {
      return in.readAllBytes();
    }
  }

  /** The file's bytes, decompressed if gzipped, read as the caller goes. */
  static InputStream open(Path file) throws IOException {
    String source = file.toString();
    // Checked first because opening a folder succeeds on Linux and only reading fails
    if (Files.isDirectory(file)) {
      throw new FileSystemException(source, null, "is a directory");
    }
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      // not IoReasons' "no such file or directory": the file is the one thing to look for here
      throw new NoSuchFileException(source, null, "no such file");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(source, null, "cannot read: " + IoReasons.reason(e, file));
    } catch (FileSystemException e) {
      throw new FileSystemException(source, null, "cannot read: " + IoReasons.reason(e, file));
    }
    try {
      return decoded(source, new RawBytes(source, in));
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** {@code raw} as is, or gunzipped when it starts with the gzip magic; not empty. */
  private static InputStream decoded(String source, RawBytes raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first < 0) {
      throw new DataFormatException(source, "empty file");
    }
    boolean gzip = first == 0x1F && second == 0x8B;
    return gzip ? new Gunzipped(source, raw, new StrictGzipInputStream(in)) : in;
  }

  /**
   * A stream that counts the bytes it delivers and turns each read failure into {@link
   * #translated}'s exception: the two layers below share the bookkeeping and differ in the message.
   */
  private abstract static class Translating extends FilterInputStream {
    long count;

    Translating(InputStream in) {
      super(in);
    }

    abstract IOException translated(IOException e);

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        count += b < 0 ? 0 : 1;
        return b;
      } catch (IOException e) {
        throw translated(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        count += Math.max(n, 0);
        return n;
      } catch (IOException e) {
        throw translated(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
      } catch (IOException e) {
        throw translated(e);
      }
    }
  }

  /**
   * A file's bytes as stored, counted, with any read failure (a disk error, say) prefixed by the
   * file's name: the JDK's messages do not always name it.
   */
  private static final class RawBytes extends Translating {
    private final String source;

    RawBytes(String source, InputStream in) {
      super(in);
      this.source = source;
    }

    @Override
    IOException translated(IOException e) {
      return new IOException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The inflated bytes of a gzip file, with gzip's failures turned into messages naming it. */
  private static final class Gunzipped extends Translating {
    private final String source;
    private final RawBytes raw;

    Gunzipped(String source, RawBytes raw, StrictGzipInputStream inflated) {
      super(inflated);
      this.source = source;
      this.raw = raw;
    }

    @Override
    IOException translated(IOException e) {
      if (e instanceof EOFException) {
        // The input ran out inside the gzip data, so the count is the whole file
        return new DataFormatException(
            source, "truncated gzip stream (" + raw.count + " bytes)", e);
      }
      if (e instanceof ZipException) {
        return new DataFormatException(source, e.getMessage(), e);
      }
      return e; // already named by RawBytes
    }
  }
}
