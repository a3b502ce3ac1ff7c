package dev.rectify.samples.cli;

import dev.rectify.nn.Activation;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.samples.run.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rectify plot NAME... --out FILE.png}: f and the factor backward multiplies by, side by
 * side, from the generated layers themselves (so a plot shows what training uses, surrogate
 * included, not a re-typed formula).
 */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = "Plot f(x) and the backward factor of activations over an interval, as a PNG.")
final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "registered one-input activations")
  List<String> names;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.png",
      description = "the PNG to write")
  Path out;

  @Option(names = "--from", paramLabel = "X", description = "default: ${DEFAULT-VALUE}")
  double from = -6;

  @Option(names = "--to", paramLabel = "X", description = "default: ${DEFAULT-VALUE}")
  double to = 6;

  @Option(
      names = "--points",
      paramLabel = "N",
      description = "samples, 2 to " + MAX_POINTS + "; default: ${DEFAULT-VALUE}")
  int points = 601;

  /**
   * Each chart is 800 pixels wide, so 10,000 points are already more than ten per pixel; XChart's
   * drawing time grows with the points (100,000 took close to a minute), and two billion do not fit
   * in memory.
   */
  static final int MAX_POINTS = 10_000;

  @Override
  public Integer call() throws IOException {
    Checks.inRange("--points", points, 2, MAX_POINTS);
    // The layers compute in float: a double beyond float's range would reach them as Infinity.
    if (!(Math.abs(from) <= Float.MAX_VALUE && Math.abs(to) <= Float.MAX_VALUE)) {
      throw new RectifyCli.UsageException(
          "--from and --to must be finite floats (|x| <= "
              + Float.MAX_VALUE
              + "), got "
              + from
              + " and "
              + to);
    }
    if (!((float) from < (float) to)) {
      throw new RectifyCli.UsageException(
          "--from must be less than --to (as floats), got " + from + " and " + to);
    }
    if (Files.isDirectory(out)) {
      throw new RectifyCli.UsageException("--out " + out + " is a directory; give a .png file");
    }
    Checks.distinct("activations", names);
    Map<String, Activation> activations = new LinkedHashMap<>();
    for (String name : names) {
      ActivationFunction fn = Names.activation(name);
      if (!(fn instanceof Activation)) {
        throw new RectifyCli.UsageException("'" + name + "' is gated (two inputs): no 1-D plot");
      }
      activations.put(name, (Activation) fn);
    }
    Map<String, double[][]> f = new LinkedHashMap<>();
    Map<String, double[][]> grad = new LinkedHashMap<>();
    for (Map.Entry<String, Activation> e : activations.entrySet()) {
      String name = e.getKey();
      Activation a = e.getValue();
      double[] x = new double[points];
      double[] y = new double[points];
      double[] g = new double[points];
      for (int i = 0; i < points; i++) {
        x[i] = from + (to - from) * i / (points - 1);
        y[i] = a.apply((float) x[i]);
        g[i] = a.gradient((float) x[i]);
      }
      checkFinite(name, "f(x)", x, y);
      checkFinite(name, "the backward factor", x, g);
      f.put(name, new double[][] {x, y});
      grad.put(name, new double[][] {x, g});
    }
    Checks.writable(out.toAbsolutePath().getParent());
    Charts.save(
        List.of(
            Charts.lines("f(x) (evaluation mode)", "x", "f(x)", f),
            Charts.lines("backward factor (f' or surrogate)", "x", "dy/dx used", grad)),
        2,
        out);
    spec.commandLine().getOut().printf("wrote %s%n", out);
    return 0;
  }

  /** XChart cannot draw Infinity or NaN; say where the curve leaves the float range instead. */
  private static void checkFinite(String name, String what, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new RectifyCli.UsageException(
            String.format(
                Locale.ROOT,
                "%s: %s is %s at x = %s; narrow --from/--to",
                name,
                what,
                y[i],
                (float) x[i]));
      }
    }
  }
}
