package dev.rectify.samples.horuz2025;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.samples.run.Comparison;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.OptimizerSpec;
import dev.rectify.samples.run.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SUGAR comparison: for each model, ReLU, ReLU with each surrogate gradient, and the
 * surrogates' own functions as activations, trained under identical seeds. SUGAR variants are the
 * zoo's {@code sugar-*} activations, whose forward is exactly ReLU.
 */
public final class Sugar2025 {
  /**
   * ReLU, then SUGAR with each surrogate of the paper, then those functions used as is. NeLU is
   * defined only by its derivative and B-SiLU's forward is not in the zoo, so neither has an as-is
   * run.
   */
  public static final List<String> ACTIVATIONS =
      List.of(
          "relu",
          "sugar-bsilu",
          "sugar-nelu",
          "sugar-elu",
          "sugar-selu",
          "sugar-gelu",
          "sugar-silu",
          "sugar-mish",
          "sugar-leaky-relu",
          "elu",
          "selu",
          "gelu",
          "silu",
          "mish",
          "leaky-relu");

  /**
   * Test accuracy in % of the PyTorch reference runs: Fashion-MNIST padded to 32x32, VGG-16 without
   * batch norm, SGD lr 0.001 momentum 0.9, batch 128, 10 epochs, 2 seeds (PAPERS.md). A different,
   * larger network than ours: a reference for the ordering, not the level.
   */
  private static final Map<String, String> REFERENCE_VGG16 =
      Map.of(
          "relu", "87.6",
          "sugar-bsilu", "90.4",
          "sugar-selu", "90.0",
          "sugar-elu", "88.0",
          "sugar-nelu", "87.6",
          "elu", "90.9",
          "gelu", "10 (did not train)");

  private Sugar2025() {}

  /** The settings shared by every model's comparison. */
  public record Config(
      List<ModelSpec> models,
      List<String> activations,
      OptimizerSpec optimizer,
      int epochs,
      int batchSize,
      List<Long> seeds,
      Init.Scheme init) {}

  /** Runs each model's comparison into {@code out/<model>/}; results by model spec. */
  public static Map<ModelSpec, List<RunResult>> run(
      Config config, DatasetSplit data, Path out, PrintStream log) throws IOException {
    Map<ModelSpec, List<RunResult>> results = new LinkedHashMap<>();
    for (ModelSpec model : config.models()) {
      Comparison.Builder c =
          Comparison.builder(model, data)
              .seeds(config.seeds())
              .optimizer(config.optimizer())
              .epochs(config.epochs())
              .batchSize(config.batchSize())
              .init(config.init())
              .outputDir(out.resolve(directory(model)))
              .title("SUGAR " + model)
              .log(log);
      config.activations().forEach(a -> c.variant(Comparison.Variant.of(a)));
      results.put(model, c.build().run());
    }
    return results;
  }

  /** {@code mlp:64x10} becomes {@code mlp-64x10}, a portable directory name. */
  public static String directory(ModelSpec model) {
    return model.text().replaceAll("[^A-Za-z0-9x.-]", "-");
  }

  /** One model's table; CNN tables carry the VGG-16 reference column. */
  public static String table(ModelSpec model, List<RunResult> results) {
    if (!model.convolutional()) {
      return Comparison.table(results, List.of(), label -> List.of());
    }
    return Comparison.table(
        results,
        List.of("PyTorch ref. VGG-16 test accuracy %"),
        label -> List.of(REFERENCE_VGG16.getOrDefault(label, "-")));
  }
}
