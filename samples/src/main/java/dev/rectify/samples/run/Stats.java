package dev.rectify.samples.run;

import java.util.Locale;

/** Mean and sample standard deviation over seeds, formatted as the tables show them. */
public final class Stats {
  private Stats() {}

  public static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** The sample standard deviation (n - 1), 0 for a single value. */
  public static double std(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /** {@code 100 * mean} with two decimals, and {@code ± 100 * std} when there are several. */
  public static String percent(double[] v) {
    String m = String.format(Locale.ROOT, "%.2f", 100 * mean(v));
    return v.length < 2 ? m : m + String.format(Locale.ROOT, " ± %.2f", 100 * std(v));
  }
}
