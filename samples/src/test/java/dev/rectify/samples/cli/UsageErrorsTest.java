package dev.rectify.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.samples.cli.RectifyCliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad values are usage errors (exit 2, one line naming the flag, then where to get help) found
 * before any work: every command here is pointed at a data folder that does not exist, so a check
 * that ran only after loading the data would exit 1 with a data error instead, and the output
 * directory must not have been created.
 */
class UsageErrorsTest {
  @TempDir Path tmp;

  /** Runs {@code command args...} with MNIST from a missing folder and {@code --out tmp/out}. */
  private Result runWithoutData(String command, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
    all.addAll(Arrays.asList(args));
    String name = all.get(0);
    if (!name.equals("plot")) {
      all.addAll(List.of("--dataset", "mnist", "--data", tmp.resolve("no-data").toString()));
    }
    all.addAll(List.of("--out", out().toString()));
    return RectifyCliTest.run(all.toArray(String[]::new));
  }

  private Path out() {
    return tmp.resolve("out");
  }

  private void assertUsageError(Result r, String command, String message) {
    String name = command.split(" ")[0];
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), "expected '" + message + "' in:\n" + r.err());
    assertTrue(r.err().contains("Try 'rectify " + name + " --help'"), r.err());
    assertFalse(Files.exists(out()), "the output directory was created before the error");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "train      | --weight-decay | Infinity    | --weight-decay must be a finite float >= 0",
        "compare relu | --weight-decay | Infinity  | --weight-decay must be a finite float >= 0",
        "glorot2011 | --weight-decay | Infinity    | --weight-decay must be a finite float >= 0",
        "sugar2025  | --weight-decay | Infinity    | --weight-decay must be a finite float >= 0",
        "train      | --weight-decay | 1e39        | --weight-decay must be a finite float >= 0",
        "compare relu | --weight-decay | -1        | --weight-decay must be a finite float >= 0",
        "compare relu | --lr         | NaN         | --lr must be a finite float > 0",
        "compare relu | --lr         | 0           | --lr must be a finite float > 0",
        "train      | --lr           | 1e39        | --lr must be a finite float > 0",
        "compare relu | --momentum   | 1           | --momentum must be in [0, 1)",
        "train      | --momentum     | 0.99999999  | --momentum 0.99999999 is 1 as a float",
        "train      | --schedule     | step:1:Infinity | --schedule 'step:1:Infinity'",
        "train      | --schedule     | step:1:2    | GAMMA in (0, 1]",
        "compare relu | --warmup     | -1          | --warmup must be >= 0",
      })
  void optimizerNumbers_outOfRange_exit2BeforeLoadingData(
      String command, String flag, String value, String message) {
    assertUsageError(runWithoutData(command, flag, value), command, message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"train, --momentum", "compare relu, --nesterov", "sugar2025, --momentum"})
  void adam_withAnSgdOnlyFlag_exit2(String command, String flag) {
    List<String> args = new ArrayList<>(List.of("--optimizer", "adam", flag));
    if (flag.equals("--momentum")) {
      args.add("0.5");
    }
    Result r = runWithoutData(command, args.toArray(String[]::new));
    assertUsageError(r, command, flag + " applies to --optimizer sgd only");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "compare relu | --seeds        | ,           | --seeds ',': expected a count",
        "compare relu | --seeds        | 1,,2        | with no empty items",
        "compare relu | --seeds        | 1,          | with no empty items",
        "compare relu | --seeds        | 1,1         | --seeds: '1' is listed twice",
        "glorot2011   | --seeds        | 0,2,0       | --seeds: '0' is listed twice",
        "glorot2011   | --activations  | ,           | --activations: the list is empty",
        "glorot2011   | --activations  | relu,,tanh  | --activations: the list has an empty item",
        "glorot2011   | --activations  | relu,tanh,relu | --activations: 'relu' is listed twice",
        "sugar2025    | --activations  | ,           | --activations: the list is empty",
        "sugar2025    | --activations  | elu,elu     | --activations: 'elu' is listed twice",
        "sugar2025    | --models       | ;           | --models: the list is empty",
        "sugar2025    | --models       | mlp:8x2;mlp:8x2 | --models: 'mlp:8x2' is listed twice",
        "nairhinton2010 | --units      | ,           | --units: the list is empty",
        "nairhinton2010 | --units      | NRELU,NRELU | --units: 'NRELU' is listed twice",
      })
  void lists_emptyOrWithAnEmptyOrRepeatedItem_exit2BeforeLoadingData(
      String command, String flag, String value, String message) {
    assertUsageError(runWithoutData(command, flag, value), command, message);
  }

  @Test
  void compare_sameActivationTwice_exit2() {
    Result r = runWithoutData("compare relu elu relu");
    assertUsageError(r, "compare", "activations: 'relu' is listed twice");
  }

  @Test
  void plot_sameActivationTwice_exit2() {
    Result r = runWithoutData("plot relu relu");
    assertUsageError(r, "plot", "activations: 'relu' is listed twice");
  }

  @ParameterizedTest(name = "plot relu {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--points 2000000000   | --points must be in [2, 10000], got 2000000000",
        "--points 1            | --points must be in [2, 10000], got 1",
        "--from -1e308 --to 1e308 | --from and --to must be finite floats",
        "--from NaN            | --from and --to must be finite floats",
        "--to Infinity         | --from and --to must be finite floats",
        "--from 1 --to 1       | --from must be less than --to (as floats), got 1.0 and 1.0",
        "--from 1 --to 1.00000001 | --from must be less than --to (as floats)",
      })
  void plot_badPointsOrRange_exit2(String args, String message) {
    Result r = runWithoutData("plot relu", args.split(" "));
    assertUsageError(r, "plot", message);
  }

  @Test
  void plot_aCurveThatOverflowsInTheRange_exit2SayingWhere() {
    // relu2 is max(x, 0)^2, which leaves the float range above about 1.8e19
    Result r = runWithoutData("plot relu relu2", "--from", "-3e38", "--to", "3e38");
    assertUsageError(r, "plot", "relu2: f(x) is Infinity at x = ");
    assertTrue(r.err().contains("narrow --from/--to"), r.err());
  }

  @Test
  void plot_outIsADirectory_exit2() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("plots"));
    Result r = RectifyCliTest.run("plot", "relu", "--out", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--out " + dir + " is a directory"), r.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"compare relu", "glorot2011", "sugar2025", "nairhinton2010"})
  void data_withTheBundledDigits_exit2NamingTheDatasetsItAppliesTo(String command) {
    List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
    args.addAll(
        List.of("--dataset", "digits", "--data", "/nonexistent", "--out", out().toString()));
    Result r = RectifyCliTest.run(args.toArray(String[]::new));
    assertUsageError(
        r, command, "--data applies to --dataset mnist and fashion-mnist only; digits is bundled");
  }

  @Test
  void train_dataWithTheBundledDigits_exit2BeforeTraining() {
    Result r =
        RectifyCliTest.run(
            "train", "--data", "/nonexistent", "--epochs", "1", "--out", out().toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--data applies to --dataset mnist and fashion-mnist"), r.err());
    assertFalse(r.out().contains("epoch 1/"), r.out());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"compare relu, --train-limit", "nairhinton2010, --test-limit"})
  void data_negativeLimit_exit2BeforeLoadingData(String command, String flag) {
    Result r = runWithoutData(command, flag, "-1");
    assertUsageError(r, command, "--train-limit and --test-limit must be >= 0");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nairhinton2010 | --hidden       | 2000000000 | --hidden must be in [1, 10000], got 2000000000",
        "nairhinton2010 | --hidden       | 0          | --hidden must be in [1, 10000], got 0",
        "nairhinton2010 | --rbm-lr       | 0          | --rbm-lr must be a finite float > 0, got 0.0",
        "nairhinton2010 | --rbm-lr       | NaN        | --rbm-lr must be a finite float > 0, got NaN",
        "nairhinton2010 | --rbm-lr       | 1e39       | --rbm-lr must be a finite float > 0",
        "nairhinton2010 | --rbm-momentum | 1          | --rbm-momentum must be in [0, 1), got 1.0",
        "nairhinton2010 | --rbm-momentum | NaN        | --rbm-momentum must be in [0, 1), got NaN",
        "nairhinton2010 | --weight-decay | Infinity   | --weight-decay must be a finite float >= 0",
        "nairhinton2010 | --weight-decay | 1e39       | --weight-decay must be a finite float >= 0",
        "nairhinton2010 | --batch-size   | 0          | --batch-size must be > 0, got 0",
        "glorot2011     | --l1           | NaN        | --l1 must be a finite float >= 0, got NaN",
        "glorot2011     | --l1           | 1e39       | --l1 must be a finite float >= 0, got Infinity",
        "glorot2011     | --l1           | -0.1       | --l1 must be a finite float >= 0",
        "glorot2011     | --epochs       | 0          | --epochs must be > 0, got 0",
        "sugar2025      | --batch-size   | -1         | --batch-size must be > 0, got -1",
        "compare relu   | --epochs       | -5         | --epochs must be > 0, got -5",
      })
  void experimentNumbers_outOfRange_exit2BeforeLoadingData(
      String command, String flag, String value, String message) {
    assertUsageError(runWithoutData(command, flag, value), command, message);
  }
}
