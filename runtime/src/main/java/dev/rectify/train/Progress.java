package dev.rectify.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What the trainer shows while it runs. On a terminal one line is redrawn with {@code \r} (at most
 * ten times a second, so drawing never costs training time): batches done, running loss and
 * accuracy, samples per second and the time left in the epoch. Elsewhere (a log file, CI) only a
 * summary line per epoch is printed, since carriage returns would pile up there.
 */
final class Progress {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 20;

  private final PrintStream out;
  private final boolean interactive;
  private int epoch;
  private int epochs;
  private int batches;
  private long lastDraw;
  private int lastWidth;

  Progress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  void startEpoch(int epoch, int epochs, int batches) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.batches = batches;
    this.lastDraw = 0;
  }

  /** After batch {@code done} (from 1) of the epoch. */
  void batch(int done, double meanLoss, double accuracy, long samples, long elapsedNanos) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    if (done < batches && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double seconds = elapsedNanos / 1e9;
    double rate = samples / Math.max(seconds, 1e-9);
    double eta = seconds / done * (batches - done);
    int filled = (int) ((long) BAR_WIDTH * done / batches);
    String line =
        String.format(
            Locale.ROOT,
            "epoch %d/%d [%s%s] %d/%d loss %.4f acc %.2f%% %.0f samples/s ETA %s",
            epoch + 1,
            epochs,
            "=".repeat(filled),
            " ".repeat(BAR_WIDTH - filled),
            done,
            batches,
            meanLoss,
            100 * accuracy,
            rate,
            duration(eta));
    draw(line);
  }

  void endEpoch(EpochMetrics m, int epochs) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d/%d: train loss %.4f acc %.2f%%",
                m.epoch(),
                epochs,
                m.trainLoss(),
                100 * m.trainAccuracy()));
    if (m.test() != null) {
      line.append(
          String.format(
              Locale.ROOT,
              " | test loss %.4f acc %.2f%%",
              m.test().loss(),
              100 * m.test().accuracy()));
    }
    line.append(
        String.format(
            Locale.ROOT,
            " | lr %.3g | %.1f s, %.0f samples/s",
            m.learningRate(),
            m.seconds(),
            m.samplesPerSecond()));
    if (interactive) {
      draw(line.toString());
      out.println();
      lastWidth = 0;
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void draw(String line) {
    // Pad with spaces to wipe the rest of a longer previous line.
    out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    out.flush();
    lastWidth = line.length();
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
