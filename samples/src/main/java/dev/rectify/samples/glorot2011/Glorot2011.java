package dev.rectify.samples.glorot2011;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.run.Comparison;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.OptimizerSpec;
import dev.rectify.samples.run.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Glorot et al. (2011) comparison on MNIST: one MLP shape, each activation from the same
 * initial weights and batch order, plus the rectifier with an L1 activation penalty and with half
 * of its outputs negated when asked for.
 *
 * <p>The paper's own MNIST numbers (1.43 % test error, 83.4 % sparsity for the rectifier) and the
 * PyTorch reference runs on the same data (docs in PAPERS.md) are printed beside ours as
 * references: they are quoted, never computed here.
 */
public final class Glorot2011 {
  /** The activations compared by default, in the paper's order plus sigmoid. */
  public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "softplus", "sigmoid");

  /** Test error in % reported by the paper (MNIST, no pre-training); rectifier only. */
  private static final Map<String, String> PAPER_ERROR = Map.of("relu", "1.43");

  /** Sparsity in % reported by the paper for the rectifier on MNIST. */
  private static final Map<String, String> PAPER_SPARSITY = Map.of("relu", "83.4");

  /**
   * PyTorch 1.13 on this data: 784-1000-1000-1000-10, SGD momentum 0.9, lr 0.05, batch 128, 20
   * epochs, seed 0 (PAPERS.md, "Reference runs").
   */
  private static final Map<String, String> REFERENCE_ERROR =
      Map.of("relu", "1.42", "tanh", "1.78", "softplus", "3.42", "sigmoid", "4.52");

  private Glorot2011() {}

  /**
   * The settings of one comparison.
   *
   * @param activations the activations to compare
   * @param activityL1 when > 0, also the rectifier with this L1 activation penalty, per example
   *     (lambda times the sum of |h| over a sample's hidden units)
   * @param negatedHalf also the rectifier with half of each layer's outputs negated
   */
  public record Config(
      ModelSpec model,
      List<String> activations,
      OptimizerSpec optimizer,
      int epochs,
      int batchSize,
      List<Long> seeds,
      Init.Scheme init,
      float activityL1,
      boolean negatedHalf) {}

  /** The variants {@code config} asks for. */
  public static List<Comparison.Variant> variants(Config config) {
    List<Comparison.Variant> variants = new ArrayList<>();
    for (String a : config.activations()) {
      variants.add(Comparison.Variant.of(a));
    }
    if (config.activityL1() > 0) {
      // the layer's penalty is per example, like the cross-entropy: --l1 is the paper's coefficient
      variants.add(
          new Comparison.Variant(
              "relu+l1=" + trim(config.activityL1()), "relu", config.activityL1(), null));
    }
    if (config.negatedHalf()) {
      variants.add(new Comparison.Variant("relu-negated-half", "relu", 0, i -> new NegatedHalf()));
    }
    return variants;
  }

  /** Trains every variant for every seed, writing the comparison's files under {@code out}. */
  public static List<RunResult> run(Config config, DatasetSplit data, Path out, PrintStream log)
      throws IOException {
    Comparison.Builder c =
        Comparison.builder(config.model(), data)
            .seeds(config.seeds())
            .optimizer(config.optimizer())
            .epochs(config.epochs())
            .batchSize(config.batchSize())
            .init(config.init())
            .outputDir(out)
            .title("Glorot 2011")
            .log(log);
    variants(config).forEach(c::variant);
    return c.build().run();
  }

  /** Our table with the paper's and the reference runs' numbers beside it. */
  public static String table(List<RunResult> results) {
    return Comparison.table(
        results,
        List.of("paper: test error %", "paper: sparsity %", "PyTorch ref.: test error %"),
        label ->
            List.of(
                PAPER_ERROR.getOrDefault(label, "-"),
                PAPER_SPARSITY.getOrDefault(label, "-"),
                REFERENCE_ERROR.getOrDefault(label, "-")));
  }

  private static String trim(float v) {
    return String.format(Locale.ROOT, "%s", v).replaceAll("\\.0$", "");
  }
}
