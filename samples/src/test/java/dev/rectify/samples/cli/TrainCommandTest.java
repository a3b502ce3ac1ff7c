package dev.rectify.samples.cli;

import static dev.rectify.samples.cli.RectifyCliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.samples.cli.RectifyCliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rectify train} with what goes wrong around a run: divergence, a previous run in the output
 * directory, a checkpoint that cannot continue, a checkpoint path that cannot be written.
 */
class TrainCommandTest {
  @TempDir Path tmp;

  @Test
  void divergence_exits1_withTheStepAndNoResults() {
    Result r = run("train", "--lr", "1e6", "--epochs", "3", "--out", tmp.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(
        r.err()
            .matches(
                "rectify: training diverged at step \\d+ \\(epoch 1\\); no checkpoint was written\\R"),
        r.err());
    assertFalse(r.out().contains("test accuracy"), r.out());
    assertFalse(r.out().contains("metrics:"), r.out());
    assertFalse(Files.exists(tmp.resolve("checkpoint.bin")));
  }

  @Test
  void aPreviousRunInOut_movesAside_unlessOverwriteIsGiven() throws IOException {
    assertEquals(0, run("train", "--epochs", "2", "--out", tmp.toString()).code());
    byte[] checkpoint = Files.readAllBytes(tmp.resolve("checkpoint.bin"));
    byte[] metrics = Files.readAllBytes(tmp.resolve("metrics.csv"));

    Result again = run("train", "--epochs", "1", "--model", "mlp:16x1", "--out", tmp.toString());
    assertEquals(0, again.code(), again.err());
    Path previous = tmp.resolve("previous-1");
    assertTrue(
        again.out().startsWith("moved the previous run in " + tmp + " to " + previous),
        again.out());
    assertArrayEquals(checkpoint, Files.readAllBytes(previous.resolve("checkpoint.bin")));
    assertArrayEquals(metrics, Files.readAllBytes(previous.resolve("metrics.csv")));
    assertTrue(Files.exists(previous.resolve("metrics.jsonl")));
    // the new run's header and its one epoch, not appended to the old run's lines
    assertEquals(2, Files.readAllLines(tmp.resolve("metrics.csv")).size());

    Result over =
        run(
            "train",
            "--epochs",
            "1",
            "--model",
            "mlp:16x1",
            "--overwrite",
            "--out",
            tmp.toString());
    assertEquals(0, over.code(), over.err());
    assertFalse(over.out().contains("moved the previous run"), over.out());
    assertFalse(Files.exists(tmp.resolve("previous-2")));
    assertEquals(2, Files.readAllLines(tmp.resolve("metrics.csv")).size());
  }

  @Test
  void resume_thatCannotContinue_isAUsageErrorBeforeTraining() throws IOException {
    assertEquals(0, run("train", "--epochs", "2", "--seed", "7", "--out", tmp.toString()).code());
    Path checkpoint = tmp.resolve("checkpoint.bin");

    Result done = run("train", "--epochs", "2", "--seed", "7", "--resume", "--out", tmp.toString());
    assertEquals(2, done.code(), done.out());
    assertTrue(
        done.err()
            .contains(checkpoint + " has finished 2 epochs: nothing to train with --epochs 2"),
        done.err());

    Result seed = run("train", "--epochs", "3", "--resume", "--out", tmp.toString());
    assertEquals(2, seed.code(), seed.out());
    assertTrue(
        seed.err().contains(checkpoint + " was trained with seed 7: pass --seed 7 to continue it"),
        seed.err());

    Result tanh =
        run(
            "train",
            "--epochs",
            "3",
            "--seed",
            "7",
            "-a",
            "tanh",
            "--resume",
            "--out",
            tmp.toString());
    assertEquals(2, tanh.code(), tanh.out());
    assertTrue(
        tanh.err()
            .contains(checkpoint + " was trained with activation 'relu', this run has 'tanh'"),
        tanh.err());

    Result both = run("train", "--resume", "--overwrite", "--out", tmp.toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--resume and --overwrite exclude each other"), both.err());
  }

  @Test
  void checkpointPathThatIsAFolder_failsBeforeTraining() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("ckpt"));
    Result r =
        run("train", "--checkpoint", folder.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().startsWith("rectify: --checkpoint " + folder + " is a directory"), r.err());
    assertFalse(r.out().contains("epoch 1"), r.out());
  }
}
