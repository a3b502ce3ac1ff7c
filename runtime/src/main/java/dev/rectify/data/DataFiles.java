package dev.rectify.data;

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
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a whole data file into memory, gunzipping it when it starts with the gzip magic, and turns
 * every failure into a one-line message that names the file: {@code <file>: no such file}, {@code
 * <file>: is a directory}, {@code <file>: cannot read: permission denied}, or what is wrong with
 * the contents.
 */
final class DataFiles {
  private DataFiles() {}

  /** The file's contents, decompressed if gzipped. */
  static byte[] read(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return decode(file.toString(), in.readAllBytes());
    }
  }

  /**
   * The file's raw bytes. The JDK's own messages do not always name the file ({@code Files} says
   * just "Is a directory" when reading a folder), so opening and reading are translated here.
   */
  private static InputStream open(Path file) throws IOException {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new FileSystemException(source, null, "is a directory");
    }
    try {
      return new Named(source, Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(source, null, "no such file");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(source, null, "cannot read: permission denied");
    } catch (FileSystemException e) {
      throw new FileSystemException(source, null, "cannot read: " + e.getReason());
    }
  }

  /** {@code raw} decompressed if it starts with the gzip magic 1f 8b, else {@code raw}. */
  static byte[] decode(String source, byte[] raw) throws DataFormatException {
    if (raw.length == 0) {
      throw new DataFormatException(source, "empty file");
    }
    boolean gzip = raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B;
    if (!gzip) {
      return raw;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (EOFException e) {
      throw new DataFormatException(source, "truncated gzip stream (" + raw.length + " bytes)", e);
    } catch (ZipException e) {
      throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DataFormatException(source, "unreadable gzip data: " + e.getMessage(), e);
    }
  }

  /** A file's stream whose read failures (a disk error, say) start with the file's name. */
  private static final class Named extends FilterInputStream {
    private final String source;

    Named(String source, InputStream in) {
      super(in);
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw named(e);
      }
    }

    private IOException named(IOException e) {
      return new IOException(source + ": cannot read: " + e.getMessage(), e);
    }
  }
}
