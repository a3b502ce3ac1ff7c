package dev.rectify.samples.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code results.md} of an experiment: how it was run (the exact command, data, recipe, seeds,
 * wall time), then its tables. docs/RESULTS.md is assembled from these files, so every number there
 * can be traced to the command that produced it.
 */
public final class Report {
  private final StringBuilder text = new StringBuilder();

  public Report(String title) {
    text.append("# ").append(title).append("\n\n");
  }

  /** The command that produced the report, as typed after {@code rectify}. */
  public Report command(List<String> args) {
    text.append("Command: `rectify ").append(String.join(" ", args)).append("`\n\n");
    return this;
  }

  /** A {@code - key: value} line. */
  public Report fact(String key, String value) {
    text.append("- ").append(key).append(": ").append(value).append('\n');
    return this;
  }

  public Report wallTime(double seconds) {
    return fact("wall time", format(seconds));
  }

  public Report paragraph(String p) {
    text.append('\n').append(p).append('\n');
    return this;
  }

  /** A second-level section with a Markdown table (or any block). */
  public Report section(String heading, String body) {
    text.append("\n## ").append(heading).append("\n\n").append(body);
    return this;
  }

  /** Embeds a PNG that lies next to {@code results.md}. */
  public Report image(String caption, String file) {
    text.append("\n![").append(caption).append("](").append(file).append(")\n");
    return this;
  }

  public String text() {
    return text.toString();
  }

  public void write(Path dir) throws IOException {
    ResultFiles.writeText(dir.resolve("results.md"), text());
  }

  /** {@code 1 h 02 min 03 s}, {@code 4 min 05 s} or {@code 12.3 s}. */
  public static String format(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    Duration d = Duration.ofMillis(Math.round(seconds * 1000));
    return d.toHours() > 0
        ? String.format(
            Locale.ROOT, "%d h %02d min %02d s", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
        : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }
}
