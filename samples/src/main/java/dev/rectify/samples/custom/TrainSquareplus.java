package dev.rectify.samples.custom;

import dev.rectify.data.DatasetSplit;
import dev.rectify.samples.run.DataChoice;
import dev.rectify.samples.run.ModelSpec;
import dev.rectify.samples.run.RunResult;
import dev.rectify.samples.run.TrainingRun;
import java.io.IOException;
import java.util.Locale;

/**
 * Trains a small MLP on the bundled digits with the user's {@code squareplus} and with ReLU from
 * the same initial weights, and prints both test accuracies: the generated layer is found by name
 * like any zoo activation.
 *
 * <pre>
 * java -cp samples/target/rectify.jar dev.rectify.samples.custom.TrainSquareplus
 * </pre>
 */
public final class TrainSquareplus {
  private TrainSquareplus() {}

  public static void main(String[] args) throws IOException {
    DatasetSplit digits = DataChoice.DIGITS.load(null, 0, 0);
    for (String activation : new String[] {"squareplus", "relu"}) {
      RunResult r =
          TrainingRun.builder(ModelSpec.parse("mlp:64x2"), activation)
              .epochs(10)
              .seed(0)
              .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), false)
              .build()
              .run(digits);
      System.out.printf(
          Locale.ROOT, "%-10s test accuracy %.2f %%%n", activation, 100 * r.last().accuracy());
    }
  }
}
