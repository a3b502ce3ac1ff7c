package dev.rectify.samples.cli;

import dev.rectify.nn.Activation;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.samples.run.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

  @Option(names = "--points", paramLabel = "N", description = "samples; default: ${DEFAULT-VALUE}")
  int points = 601;

  @Override
  public Integer call() throws IOException {
    if (!(from < to) || points < 2) {
      throw new RectifyCli.UsageException("need --from < --to and --points >= 2");
    }
    Checks.distinct("activations", names);
    Map<String, double[][]> f = new LinkedHashMap<>();
    Map<String, double[][]> grad = new LinkedHashMap<>();
    for (String name : names) {
      ActivationFunction fn = Names.activation(name);
      if (!(fn instanceof Activation)) {
        throw new RectifyCli.UsageException("'" + name + "' is gated (two inputs): no 1-D plot");
      }
      Activation a = (Activation) fn;
      double[] x = new double[points];
      double[] y = new double[points];
      double[] g = new double[points];
      for (int i = 0; i < points; i++) {
        x[i] = from + (to - from) * i / (points - 1);
        y[i] = a.apply((float) x[i]);
        g[i] = a.gradient((float) x[i]);
      }
      f.put(name, new double[][] {x, y});
      grad.put(name, new double[][] {x, g});
    }
    Path parent = out.toAbsolutePath().getParent();
    Checks.writable(parent);
    Charts.save(
        List.of(
            Charts.lines("f(x) (evaluation mode)", "x", "f(x)", f),
            Charts.lines("backward factor (f' or surrogate)", "x", "dy/dx used", grad)),
        2,
        out);
    spec.commandLine().getOut().printf("wrote %s%n", out);
    return 0;
  }
}
