package dev.rectify.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a whole data file into memory, gunzipping it when it starts with the gzip magic, and turns
 * every failure into a one-line message that names the file.
 */
final class DataFiles {
  private DataFiles() {}

  /** The file's contents, decompressed if gzipped. */
  static byte[] read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    return decode(file.toString(), Files.readAllBytes(file));
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
}
