package dev.rectify.samples.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the tables experiments produce: Markdown, CSV and JSON lines. */
public final class ResultFiles {
  private ResultFiles() {}

  /**
   * Creates {@code dir} if needed and proves it writable by creating and deleting a file in it, so
   * that a bad output directory fails before any training time is spent.
   *
   * @throws IOException naming the directory when it cannot be written
   */
  public static void ensureWritable(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".rectify-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new AccessDeniedException(
          dir.toString(), null, "output directory is not writable (" + e.getMessage() + ")");
    }
  }

  /** A Markdown table: a header row, a rule, then the rows. */
  public static String markdownTable(List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder();
    s.append("| ").append(String.join(" | ", header)).append(" |\n");
    s.append("|").append(" --- |".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      s.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return s.toString();
  }

  /** A CSV file of {@code header} and {@code rows}; cells must not contain commas. */
  public static void writeCsv(Path file, List<String> header, List<List<String>> rows)
      throws IOException {
    StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
    for (List<String> row : rows) {
      s.append(String.join(",", row)).append('\n');
    }
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  /** One JSON object per line; values that are numbers stay numbers, others become strings. */
  public static void writeJsonLines(Path file, List<Map<String, Object>> records)
      throws IOException {
    StringBuilder s = new StringBuilder();
    for (Map<String, Object> r : records) {
      s.append(
              r.entrySet().stream()
                  .map(e -> quote(e.getKey()) + ":" + value(e.getValue()))
                  .collect(Collectors.joining(",", "{", "}")))
          .append('\n');
    }
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  /** Writes {@code text} to {@code file}, replacing it. */
  public static void writeText(Path file, String text) throws IOException {
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? d.toString() : "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(String.valueOf(v));
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
