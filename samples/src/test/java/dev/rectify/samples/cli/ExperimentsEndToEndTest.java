package dev.rectify.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.data.DataLocator;
import dev.rectify.samples.cli.RectifyCliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each paper command end to end on a few hundred samples of the bundled digits (seconds), so the
 * default test run needs no data folder; one MNIST subset run when the data folder is there.
 */
class ExperimentsEndToEndTest {
  @TempDir Path out;

  @Test
  void glorot2011_tinyRun_writesTableWithPaperColumnsAndEveryVariant() throws IOException {
    Result r =
        RectifyCliTest.run(
            "glorot2011",
            "--dataset",
            "digits",
            "--train-limit",
            "300",
            "--test-limit",
            "100",
            "--model",
            "mlp:32x3",
            "--activations",
            "relu,sigmoid",
            "--l1",
            "0.001",
            "--negate-half",
            "--epochs",
            "1",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("Command: `rectify glorot2011 --dataset digits"), md);
    assertTrue(md.contains("paper: test error %"), md);
    for (String variant : List.of("relu", "sigmoid", "relu+l1=0.001", "relu-negated-half")) {
      assertTrue(md.contains("| " + variant + " | 0 |"), variant + " in\n" + md);
    }
    // sigmoid is never exactly zero; a rectifier at initialisation is zero about half the time
    assertTrue(md.matches("(?s).*\\| sigmoid \\| 0 \\| [^|]+\\| [^|]+\\| 0\\.00; 0/0/0 \\|.*"), md);
    assertTrue(Files.exists(out.resolve("runs/relu-negated-half/seed-0/metrics.csv")));
    assertTrue(Files.size(out.resolve("sparsity.png")) > 0);
  }

  @Test
  void sugar2025_aDivergingVariant_isReportedAndTheOthersStillRun() throws IOException {
    // At this learning rate SELU's outputs overflow in its second step while ReLU's units die
    // and its outputs stay finite (at 1e6 they overflow too, after the epoch's last step): the
    // command finishes, says where SELU diverged, and still reports ReLU.
    Result r = reluAndSeluAtRate("100");
    assertEquals(0, r.code(), r.err());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(
        md.matches("(?s).*\\| selu \\| 0 \\| diverged at step \\d+ \\(epoch 1\\) \\|.*"), md);
    assertTrue(md.matches("(?s).*\\| relu \\| 0 \\| \\d+\\.\\d\\d \\|.*"), md);
    List<String> runs = Files.readAllLines(out.resolve("mlp-16x6/runs.csv"));
    assertTrue(runs.get(2).contains("diverged at step"), String.join("\n", runs));
  }

  @Test
  void sugar2025_everyVariantDiverging_stillWritesItsTables() throws IOException {
    // no run writes metrics, so nothing else has created the model's folder
    Result r = reluAndSeluAtRate("1e6");
    assertEquals(0, r.code(), r.err());
    List<String> runs = Files.readAllLines(out.resolve("mlp-16x6/runs.csv"));
    assertEquals(3, runs.size(), String.join("\n", runs));
    assertTrue(runs.get(1).contains("diverged"), runs.get(1));
    assertTrue(runs.get(2).contains("diverged"), runs.get(2));
  }

  /** sugar2025 on 200 digits, one deep narrow MLP, ReLU and SELU, one epoch at {@code rate}. */
  private Result reluAndSeluAtRate(String rate) {
    return RectifyCliTest.run(
        "sugar2025",
        "--dataset",
        "digits",
        "--train-limit",
        "200",
        "--test-limit",
        "100",
        "--models",
        "mlp:16x6",
        "--activations",
        "relu,selu",
        "--seeds",
        "1",
        "--epochs",
        "1",
        "--lr",
        rate,
        "--out",
        out.toString());
  }

  @Test
  void sugar2025_tinyRun_bothModelsTwoSeeds() throws IOException {
    Result r =
        RectifyCliTest.run(
            "sugar2025",
            "--dataset",
            "digits",
            "--train-limit",
            "200",
            "--test-limit",
            "100",
            "--models",
            "mlp:16x6;cnn:vgg-tiny",
            "--activations",
            "relu,sugar-bsilu,elu",
            "--seeds",
            "2",
            "--epochs",
            "1",
            "--lr",
            "0.01",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("## mlp:16x6"), md);
    assertTrue(md.contains("## cnn:vgg-tiny"), md);
    assertTrue(md.contains("| sugar-bsilu | 0,1 |"), md);
    assertTrue(md.contains("PyTorch ref. VGG-16 test accuracy %"), md);
    // six watched layers in the MLP, six conv layers in the CNN
    List<String> runs = Files.readAllLines(out.resolve("mlp-16x6/runs.csv"));
    assertEquals(1 + 3 * 2, runs.size(), String.join("\n", runs));
    assertTrue(runs.get(0).contains("dead_units.h6"), runs.get(0));
    assertTrue(
        Files.readAllLines(out.resolve("cnn-vgg-tiny/runs.csv")).get(0).contains("sparsity.conv6"));
    assertTrue(Files.exists(out.resolve("cnn-vgg-tiny/dead_units_per_layer.png")));
  }

  @Test
  void nairhinton2010_tinyRun_comparesBinaryAndNrelu() throws IOException {
    Result r =
        RectifyCliTest.run(
            "nairhinton2010",
            "--dataset",
            "digits",
            "--hidden",
            "32",
            "--rbm-epochs",
            "3",
            "--epochs",
            "1",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| binary |"), md);
    assertTrue(md.contains("| nrelu |"), md);
    assertEquals(4, Files.readAllLines(out.resolve("nrelu/rbm.csv")).size());
    assertTrue(Files.exists(out.resolve("binary/finetune/metrics.csv")));
    assertTrue(Files.exists(out.resolve("reconstruction.png")));
  }

  @Test
  void glorot2011_onAnMnistSubset_whenTheDataFolderIsThere() throws IOException {
    assumeTrue(DataLocator.find("mnist").isPresent(), "no MNIST in the data folder: skipped");
    Result r =
        RectifyCliTest.run(
            "glorot2011",
            "--train-limit",
            "500",
            "--test-limit",
            "200",
            "--model",
            "mlp:64x3",
            "--activations",
            "relu",
            "--epochs",
            "1",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(out.resolve("results.md")).contains("mnist (500 train, 200 test)"));
  }
}
