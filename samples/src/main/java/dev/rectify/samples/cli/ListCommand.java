package dev.rectify.samples.cli;

import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.ActivationInfo;
import dev.rectify.nn.Activations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rectify list}: every registered activation with its formula, backward rule and storage.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List every registered activation: formula, backward rule, storage.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"name", "formula", "backward", "from", "storage"});
    for (ActivationFunction f : Activations.all()) {
      ActivationInfo i = f.info();
      String formula =
          i.stochastic()
              ? i.formula() + "  (evaluation: " + i.evaluationFormula() + ")"
              : i.formula();
      rows.add(new String[] {i.name(), formula, i.backward(), origin(i.origin()), storage(i)});
    }
    Table.print(out, rows);
    out.printf("%d activations%n", rows.size() - 1);
    return 0;
  }

  static String origin(ActivationInfo.Origin o) {
    switch (o) {
      case SYMBOLIC:
        return "symbolic";
      case DECLARED:
        return "declared";
      case SURROGATE:
        return "surrogate";
      case SURROGATE_DERIVATIVE:
        return "surrogate'";
    }
    throw new AssertionError(o);
  }

  static String storage(ActivationInfo i) {
    switch (i.storage()) {
      case MASK:
        return "mask (1 bit)";
      case OUTPUT:
        return "output (4 B)";
      case INPUT:
        return "input (4 B)";
      case BF16_FACTOR:
        return "bf16 factor (2 B)";
      case FACTOR:
        return "factor (4 B)";
    }
    throw new AssertionError(i.storage());
  }
}
