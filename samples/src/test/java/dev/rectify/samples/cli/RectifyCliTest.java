package dev.rectify.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's argument handling: output, usage errors and exit codes. */
class RectifyCliTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RectifyCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void list_showsEveryRegisteredActivationWithBackwardAndStorage() {
    Result r = run("list");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("relu "), r.out());
    assertTrue(
        r.out()
            .matches("(?s).*\\nrelu +max\\(x, 0\\) +x > 0 \\? 1 : 0 +symbolic +mask \\(1 bit\\).*"),
        r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*\\nsugar-bsilu +max\\(x, 0\\) +sigmoid\\(x\\).* +surrogate +bf16 factor \\(2 B\\).*"),
        r.out());
  }

  @Test
  void show_printsOriginStorageAndParameters() {
    Result r = run("show", "sugar-bsilu");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("from:        symbolic derivative of the surrogate (SUGAR)"), r.out());
    assertTrue(r.out().contains("param:       alpha = 1.67"), r.out());
    assertTrue(r.out().contains("storage:     bf16 factor, 2 bytes per element"), r.out());
  }

  @Test
  void show_unknownActivation_exits2AndNamesTheClosest() {
    Result r = run("show", "relux");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown activation 'relux'; did you mean relu"), r.err());
  }

  @Test
  void badFlag_exits2WithUsage() {
    Result r = run("list", "--bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    assertTrue(r.err().contains("Usage: rectify list"), r.err());
  }

  @Test
  void help_onEveryCommand() {
    for (String command :
        new String[] {
          "list", "show", "plot", "train", "compare", "glorot2011", "sugar2025", "nairhinton2010"
        }) {
      Result r = run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().startsWith("Usage: rectify " + command), r.out());
    }
  }

  @Test
  void badFlag_exits2WithUsage_onEveryTrainingCommand() {
    for (String command :
        new String[] {"train", "compare", "glorot2011", "sugar2025", "nairhinton2010"}) {
      Result r = run(command, "--no-such-flag");
      assertEquals(2, r.code(), command);
      assertTrue(r.err().contains("Usage: rectify " + command), r.err());
    }
  }

  @Test
  void train_unknownActivation_exits2AndNamesTheClosest() {
    Result r = run("train", "--activation", "sugar-bsilo", "--out", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("unknown activation 'sugar-bsilo'; did you mean sugar-bsilu"), r.err());
    assertTrue(r.err().contains("rectify train --help"), r.err());
  }

  @Test
  void experiments_unknownActivation_exit2BeforeLoadingData() {
    Result r = run("glorot2011", "--activations", "relu,tanhh", "--data", "/nonexistent");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown activation 'tanhh'"), r.err());
    r = run("sugar2025", "--activations", "relu,sugar-bslu", "--data", "/nonexistent");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("did you mean sugar-bsilu"), r.err());
  }

  @Test
  void train_malformedValues_exit2() {
    assertEquals(2, run("train", "--model", "mlp:0x3").code());
    assertEquals(2, run("train", "--model", "cnn:resnet").code());
    assertEquals(2, run("train", "--dataset", "cifar").code());
    assertEquals(2, run("train", "--epochs", "0").code());
    assertEquals(2, run("train", "--epochs", "ten").code());
    assertEquals(2, run("train", "--optimizer", "rmsprop").code());
    assertEquals(2, run("train", "--schedule", "step:x").code());
    assertEquals(2, run("train", "--nesterov", "--momentum", "0").code());
    assertEquals(2, run("train", "--activation", "swiglu").code());
    assertEquals(2, run("compare", "relu", "--seeds", "a,b").code());
  }

  @Test
  void train_unwritableOutput_failsBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    Result r = run("train", "--out", file.resolve("sub").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("not writable"), r.err());
    assertFalse(r.out().contains("epoch 1/"), "no training started: " + r.out());
  }

  @Test
  void train_missingDataFolder_exits1NamingTheSetting() {
    Result r =
        run(
            "train",
            "--dataset",
            "mnist",
            "--data",
            tmp.resolve("none").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("RECTIFY_DATA"), r.err());
  }

  @Test
  void train_defaults_trainDigitsAndReportEveryLayer() {
    Result r = run("train", "--epochs", "3", "--out", tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("digits (1438 train, 359 test)"), r.out());
    assertTrue(r.out().matches("(?s).*test accuracy \\d+\\.\\d\\d %.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nh1 +\\d+\\.\\d % +\\d+\\.\\d %.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nh2 +\\d+\\.\\d % +\\d+\\.\\d %.*"), r.out());
    assertTrue(Files.exists(tmp.resolve("metrics.csv")));
    assertTrue(Files.exists(tmp.resolve("checkpoint.bin")));
  }

  @Test
  void train_resume_continuesToTheSameWeightsAsOneRun() throws IOException {
    Path once = tmp.resolve("once");
    Path twice = tmp.resolve("twice");
    assertEquals(0, run("train", "--epochs", "3", "--out", once.toString()).code());
    assertEquals(0, run("train", "--epochs", "2", "--out", twice.toString()).code());
    Result resumed = run("train", "--epochs", "3", "--resume", "--out", twice.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resumed from"), resumed.out());
    assertArrayEquals(
        Files.readAllBytes(once.resolve("checkpoint.bin")),
        Files.readAllBytes(twice.resolve("checkpoint.bin")));
    assertEquals(
        Files.readAllLines(once.resolve("metrics.csv")).size(),
        Files.readAllLines(twice.resolve("metrics.csv")).size());
  }

  @Test
  void train_resumeWithoutCheckpoint_isAUsageError() {
    Result r = run("train", "--resume", "--out", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no checkpoint"), r.err());
  }

  @Test
  void plot_writesAPng() throws IOException {
    Path png = tmp.resolve("relu.png");
    Result r = run("plot", "relu", "sugar-bsilu", "--out", png.toString());
    assertEquals(0, r.code(), r.err());
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
  }

  @Test
  void plot_needsOut_andKnownNames() {
    assertEquals(2, run("plot", "relu").code());
    Result r = run("plot", "rellu", "--out", tmp.resolve("x.png").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().matches("(?s).*did you mean [^?]*\\brelu\\b.*"), r.err());
  }

  @Test
  void compare_writesTableAndPlots() {
    Result r =
        run(
            "compare",
            "relu",
            "sugar-bsilu",
            "--epochs",
            "1",
            "--train-limit",
            "200",
            "--test-limit",
            "100",
            "--seeds",
            "2",
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| relu | 0,1 |"), r.out());
    assertTrue(r.out().contains("| sugar-bsilu | 0,1 |"), r.out());
    for (String f :
        new String[] {
          "results.md",
          "runs.csv",
          "runs.jsonl",
          "test_accuracy.png",
          "dead_units.png",
          "sparsity.png",
          "dead_units_per_layer.png"
        }) {
      assertTrue(Files.exists(tmp.resolve(f)), f);
    }
  }
}
