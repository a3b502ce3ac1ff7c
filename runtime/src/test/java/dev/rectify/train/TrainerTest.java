package dev.rectify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.checkpoint.Checkpoint;
import dev.rectify.checkpoint.CheckpointException;
import dev.rectify.checkpoint.TrainingState;
import dev.rectify.data.Dataset;
import dev.rectify.data.DatasetSplit;
import dev.rectify.data.Datasets;
import dev.rectify.nn.Parameter;
import dev.rectify.optim.LearningRateSchedule;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on the bundled digits set with a small test-only MLP (64-32-10). */
class TrainerTest {
  private static Dataset train;
  private static Dataset test;

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void loadDigits() throws IOException {
    DatasetSplit digits = Datasets.digits();
    train = digits.train().flatten();
    test = digits.test().flatten();
  }

  @Test
  void fit_learnsDigits_andWritesMetricsAndProgress() throws IOException {
    TinyMlp model = new TinyMlp(64, 32, 10, 0f, 1);
    Trainer trainer =
        trainer(model, sgd(model), 6).watch("relu1", model::hiddenOutput).outputDir(dir).build();
    List<EpochMetrics> history = trainer.fit(train, test);

    assertEquals(6, history.size());
    EpochMetrics last = history.get(5);
    assertTrue(last.test().accuracy() > 0.9, "test accuracy " + last.test().accuracy());
    assertTrue(last.trainLoss() < history.get(0).trainLoss());
    assertEquals(6 * 45, last.step()); // 1438 samples in batches of 32
    double sparsity = last.test().sparsity().get("relu1");
    assertTrue(sparsity > 0.2 && sparsity < 0.9, "sparsity " + sparsity);

    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(7, csv.size());
    assertTrue(
        csv.get(0)
            .startsWith(
                "epoch,step,learning_rate,train_loss,train_accuracy,"
                    + "test_loss,test_accuracy,sparsity.relu1,dead_units.relu1,grad_norm.dense1,"
                    + "grad_norm.dense2,seconds,samples_per_second"),
        csv.get(0));
    List<String> json = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertEquals(6, json.size());
    assertTrue(json.get(5).startsWith("{\"epoch\":6,\"step\":270,"), json.get(5));
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("epoch 6/6: train loss "), printed);
    assertFalse(printed.contains("\r"), "no redraws when not on a terminal");
  }

  @Test
  void onATerminal_progressLineIsRedrawnInPlace() throws IOException {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    Trainer.builder(model, sgd(model))
        .batchSize(32)
        .epochs(1)
        .log(new PrintStream(log, true, StandardCharsets.UTF_8), true)
        .build()
        .fit(train, test);
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("\repoch 1/1 ["), printed);
    assertTrue(printed.contains("] 45/45 loss "), printed);
    assertTrue(
        printed.matches("(?s).* samples/s ETA 0:00 *\\repoch 1/1: train loss .*\n"), printed);
  }

  @Test
  void resumedRun_endsBitIdenticalToUninterruptedRun() throws IOException {
    TinyMlp straight = new TinyMlp(64, 16, 10, 0.1f, 3);
    trainer(straight, sgd(straight), 4).build().fit(train, null);

    Path checkpoint = dir.resolve("ckpt.bin");
    TinyMlp first = new TinyMlp(64, 16, 10, 0.1f, 3);
    trainer(first, sgd(first), 2).checkpoint(checkpoint).build().fit(train, null);

    TinyMlp resumed = new TinyMlp(64, 16, 10, 0.1f, 7); // other initial weights: all overwritten
    Trainer second = trainer(resumed, sgd(resumed), 4).checkpoint(checkpoint).build();
    assertEquals(new TrainingState(5, 2 * 45, 2), second.resume(checkpoint));
    List<EpochMetrics> rest = second.fit(train, null);

    assertEquals(2, rest.size());
    assertEquals(3, rest.get(0).epoch());
    for (int i = 0; i < straight.parameters().size(); i++) {
      Parameter expected = straight.parameters().get(i);
      assertArrayEquals(
          expected.value().data(), resumed.parameters().get(i).value().data(), expected.name());
    }
  }

  @Test
  void resume_withAnotherSeed_isRefused() throws IOException {
    Path checkpoint = dir.resolve("ckpt.bin");
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    trainer(model, sgd(model), 1).checkpoint(checkpoint).build().fit(train, null);
    TinyMlp other = new TinyMlp(64, 8, 10, 0f, 4);
    float[] before = other.parameters().get(0).value().data().clone();
    Trainer otherSeed = trainer(other, sgd(other), 2).seed(6).build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> otherSeed.resume(checkpoint));
    assertEquals(
        checkpoint + " was trained with seed 5 but this trainer has seed 6", e.getMessage());
    assertArrayEquals(before, other.parameters().get(0).value().data(), "nothing loaded");
  }

  @Test
  void resume_ofAnotherDescribedRun_isRefused_andAnUndescribedOneAccepted() throws IOException {
    Path checkpoint = dir.resolve("ckpt.bin");
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    trainer(model, sgd(model), 1)
        .checkpoint(checkpoint)
        .describe(Map.of("activation", "relu", "model", "tiny"))
        .build()
        .fit(train, null);
    TinyMlp other = new TinyMlp(64, 8, 10, 0f, 4);
    float[] before = other.parameters().get(0).value().data().clone();
    Trainer tanh = trainer(other, sgd(other), 2).describe(Map.of("activation", "tanh")).build();
    CheckpointException e = assertThrows(CheckpointException.class, () -> tanh.resume(checkpoint));
    assertEquals(
        checkpoint + ": trained with activation 'relu', this run has 'tanh'", e.getMessage());
    assertArrayEquals(before, other.parameters().get(0).value().data(), "nothing loaded");
    // a key the checkpoint does not record, or a trainer that describes nothing, is no conflict
    assertEquals(
        1,
        trainer(other, sgd(other), 2)
            .describe(Map.of("data", "x"))
            .build()
            .resume(checkpoint)
            .epoch());
    assertEquals(1, trainer(other, sgd(other), 2).build().resume(checkpoint).epoch());
  }

  @Test
  void nonFiniteLoss_stopsInThatStep_beforeTheUpdate() throws IOException {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    Path checkpoint = dir.resolve("ckpt.bin");
    float[][] beforeStep = new float[1][];
    int[] calls = {0};
    Trainer trainer =
        trainer(model, sgd(model), 3)
            .checkpoint(checkpoint)
            .penalty(
                () -> {
                  beforeStep[0] = model.parameters().get(0).value().data().clone();
                  return ++calls[0] == 50 ? Double.NaN : 0;
                })
            .build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, null));
    assertEquals(49, e.step());
    assertEquals(1, e.epoch());
    assertTrue(
        e.getMessage().startsWith("training diverged at step 49 (epoch 2): loss is NaN"),
        e.getMessage());
    assertArrayEquals(beforeStep[0], model.parameters().get(0).value().data());
    assertEquals(49, trainer.state().step(), "steps taken; the diverged one is not counted");
    TinyMlp fresh = new TinyMlp(64, 8, 10, 0f, 3);
    assertEquals(
        new TrainingState(5, 45, 1),
        Checkpoint.loadParameters(checkpoint, fresh.parameters()),
        "last epoch's checkpoint kept");
  }

  @Test
  void schedule_setsTheLearningRateOfEveryStep() throws IOException {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    Optimizer sgd = sgd(model);
    Trainer trainer =
        trainer(model, sgd, 2).schedule(LearningRateSchedule.stepDecay(0.1, 0.5, 1)).build();
    List<EpochMetrics> history = trainer.fit(train, null);
    assertEquals(0.1, history.get(0).learningRate());
    assertEquals(0.05, history.get(1).learningRate());
  }

  private Trainer.Builder trainer(TinyMlp model, Optimizer optimizer, int epochs) {
    return Trainer.builder(model, optimizer)
        .batchSize(32)
        .epochs(epochs)
        .seed(5)
        .log(new PrintStream(log, true, StandardCharsets.UTF_8), false);
  }

  private static Optimizer sgd(TinyMlp model) {
    return Sgd.builder(model.parameters()).learningRate(0.05).momentum(0.9).build();
  }
}
