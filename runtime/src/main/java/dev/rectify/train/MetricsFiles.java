package dev.rectify.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Appends one line per epoch to {@code metrics.csv} (header first, when the file is new) and {@code
 * metrics.jsonl}. Each epoch opens, appends and closes, so the files are complete after every epoch
 * and a resumed run continues them.
 */
final class MetricsFiles {
  static final String CSV = "metrics.csv";
  static final String JSON_LINES = "metrics.jsonl";

  private final Path dir;

  MetricsFiles(Path dir) {
    this.dir = dir;
  }

  void append(EpochMetrics metrics) throws IOException {
    Files.createDirectories(dir);
    Map<String, Number> columns = metrics.columns();
    Path csv = dir.resolve(CSV);
    StringBuilder lines = new StringBuilder();
    if (!Files.exists(csv) || Files.size(csv) == 0) {
      lines.append(String.join(",", columns.keySet())).append('\n');
    }
    lines
        .append(
            columns.values().stream().map(MetricsFiles::number).collect(Collectors.joining(",")))
        .append('\n');
    write(csv, lines.toString());

    String json =
        columns.entrySet().stream()
            .map(e -> '"' + e.getKey() + "\":" + json(e.getValue()))
            .collect(Collectors.joining(",", "{", "}\n"));
    write(dir.resolve(JSON_LINES), json);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String number(Number n) {
    return n.toString();
  }

  /** JSON has no NaN or Infinity: they become null. */
  private static String json(Number n) {
    if (n instanceof Double d && !Double.isFinite(d)) {
      return "null";
    }
    return n.toString();
  }
}
