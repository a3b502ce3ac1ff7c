package dev.rectify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.data.DatasetSplit;
import dev.rectify.data.Datasets;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Sequential;
import dev.rectify.optim.Sgd;
import dev.rectify.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole runtime together: Sequential(Dense, ReLU, Dense) trained on the bundled digits. */
class DigitsEndToEndTest {
  @TempDir Path dir;

  @Test
  @Timeout(30)
  void mlp_reaches95PercentOnDigits() throws IOException {
    DatasetSplit digits = Datasets.digits();
    Sequential mlp = Sequential.builder(64).dense(64).activation(new Relu()).dense(10).build(42L);
    Sgd sgd = Sgd.builder(mlp.parameters()).learningRate(0.05).momentum(0.9).build();
    Trainer trainer =
        Trainer.builder(mlp, sgd)
            .batchSize(32)
            .epochs(15)
            .seed(0)
            .watch("relu", () -> mlp.outputs().get(1))
            .outputDir(dir)
            .checkpoint(dir.resolve("checkpoint.bin"))
            .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
            .build();
    long start = System.nanoTime();
    List<EpochMetrics> history = trainer.fit(digits.train().flatten(), digits.test().flatten());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    Evaluation last = history.get(history.size() - 1).test();
    assertTrue(last.accuracy() >= 0.95, "test accuracy " + last.accuracy() + " after " + took);
    assertTrue(last.sparsity().get("relu") > 0, "some ReLU outputs are exact zeros");
    String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
    assertTrue(header.contains(",grad_norm.0,grad_norm.2,"), header);
    assertEquals(
        trainer.evaluate(digits.test().flatten()).accuracy(), last.accuracy(), "deterministic");
  }

  /** max(x, 0) as a plain layer; the generated ReLU lives in the activations module. */
  private static final class Relu implements Layer {
    private Tensor output;
    private Tensor gradInput;

    @Override
    public String name() {
      return "relu";
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
      if (output == null || !output.hasShape(input.shape())) {
        output = Tensor.zeros(input.shape());
      }
      for (int i = 0; i < input.size(); i++) {
        output.data()[i] = Math.max(input.data()[i], 0f);
      }
      return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      if (gradInput == null || !gradInput.hasShape(gradOutput.shape())) {
        gradInput = Tensor.zeros(gradOutput.shape());
      }
      // dX = dY where the output is positive: the output is as good as the input for the mask
      for (int i = 0; i < gradOutput.size(); i++) {
        gradInput.data()[i] = output.data()[i] > 0 ? gradOutput.data()[i] : 0f;
      }
      return gradInput;
    }
  }
}
