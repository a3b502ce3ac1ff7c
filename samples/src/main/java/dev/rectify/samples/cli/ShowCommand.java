package dev.rectify.samples.cli;

import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.ActivationInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rectify show NAME}: everything the processor decided about one activation. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Show one activation: formula, backward rule and where it came from, storage, parameters.")
final class ShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "a registered activation, e.g. sugar-bsilu")
  String name;

  @Override
  public Integer call() {
    ActivationFunction f = Names.activation(name);
    ActivationInfo i = f.info();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s%n", i.name());
    if (!i.description().isEmpty()) {
      out.printf("  %s%n", i.description());
    }
    out.printf("  formula:     %s%n", i.formula());
    if (i.stochastic()) {
      out.printf("  evaluation:  %s%n", i.evaluationFormula());
    }
    out.printf("  inputs:      %s%n", i.arity() == 1 ? "x" : "a, b (halves of the last dimension)");
    out.printf("  backward:    %s%n", i.backward());
    out.printf("  from:        %s%n", describe(i.origin()));
    out.printf(
        "  storage:     %s, %s bytes per element%n",
        ListCommand.storage(i).replaceAll(" \\(.*", ""), trim(i.storage().bytesPerElement()));
    out.printf(
        "  stochastic:  %s%n",
        i.stochastic() ? "yes (random draws in training, their means in evaluation)" : "no");
    for (ActivationInfo.ParamInfo p : i.params()) {
      out.printf(
          "  param:       %s = %s%s%s%n",
          p.name(),
          trim(p.defaultValue()),
          p.learnable() ? ", learnable" : "",
          p.perChannel() ? ", per channel" : "");
    }
    for (String r : i.rewrites()) {
      out.printf("  rewrite:     %s%n", r);
    }
    return 0;
  }

  private static String describe(ActivationInfo.Origin o) {
    switch (o) {
      case SYMBOLIC:
        return "symbolic derivative of the formula";
      case DECLARED:
        return "declared derivative, checked against the symbolic one at compile time";
      case SURROGATE:
        return "symbolic derivative of the surrogate (SUGAR)";
      case SURROGATE_DERIVATIVE:
        return "declared surrogate derivative (SUGAR)";
    }
    throw new AssertionError(o);
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
