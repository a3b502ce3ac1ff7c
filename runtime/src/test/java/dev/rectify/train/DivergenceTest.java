package dev.rectify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.checkpoint.Checkpoint;
import dev.rectify.checkpoint.TrainingState;
import dev.rectify.data.Dataset;
import dev.rectify.data.DatasetSplit;
import dev.rectify.data.Datasets;
import dev.rectify.nn.Dense;
import dev.rectify.nn.Sequential;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.Sgd;
import dev.rectify.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What training does when the loss turns NaN: where it says it came from, and rollback. */
class DivergenceTest {
  private static Dataset train;

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void loadDigits() throws IOException {
    DatasetSplit digits = Datasets.digits();
    train = digits.train().flatten();
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

  @Test
  void rollback_reloadsLastCheckpoint_lowersTheRate_andFinishes() throws IOException {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    Optimizer sgd = sgd(model);
    Path checkpoint = dir.resolve("ckpt.bin");
    int[] calls = {0};
    Trainer trainer =
        trainer(model, sgd, 3)
            .checkpoint(checkpoint)
            .rollbackOnDivergence(0.5, 2)
            .penalty(() -> ++calls[0] == 50 ? Double.NaN : 0) // one bad step in epoch 2
            .build();
    trainer.fit(train, null);

    assertEquals(new TrainingState(5, 3 * 45, 3), trainer.state(), "all epochs done");
    assertEquals(0.025, sgd.learningRate(), 1e-12, "rate halved after the rollback");
    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("training diverged at step 49 (epoch 2): loss is NaN"), printed);
    assertTrue(printed.contains("rolled back to " + checkpoint + " (epoch 1, step 45)"), printed);
    TinyMlp fresh = new TinyMlp(64, 8, 10, 0f, 3);
    assertEquals(
        new TrainingState(5, 135, 3), Checkpoint.loadParameters(checkpoint, fresh.parameters()));
  }

  @Test
  void rollback_givesUpAfterTheLimit() throws IOException {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    int[] calls = {0};
    Trainer trainer =
        trainer(model, sgd(model), 3)
            .checkpoint(dir.resolve("ckpt.bin"))
            .rollbackOnDivergence(0.5, 2)
            .penalty(() -> ++calls[0] > 45 ? Double.NaN : 0) // every step after epoch 1
            .build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, null));
    assertEquals(45, e.step());
    assertEquals(2, log.toString(StandardCharsets.UTF_8).split("rolled back to", -1).length - 1);
  }

  @Test
  void rollback_needsACheckpointFile() {
    TinyMlp model = new TinyMlp(64, 8, 10, 0f, 3);
    assertThrows(
        IllegalStateException.class,
        () -> trainer(model, sgd(model), 1).rollbackOnDivergence(0.5, 1).build());
  }

  @Test
  void nonFiniteLoss_namesTheFirstLayerWithANonFiniteOutput() {
    Sequential model = Sequential.of(new int[] {64}, new Dense(64, 16, 1L), new Dense(16, 10, 2L));
    float[] features = train.features().data().clone();
    features[3] = Float.NaN; // sample 0, one pixel
    Dataset poisoned =
        new Dataset(
            "poisoned", Tensor.wrap(features, train.features().shape()), train.labels(), 10);
    Trainer trainer =
        Trainer.builder(model, Sgd.builder(model.parameters()).learningRate(0.01).build())
            .batchSize(train.size())
            .epochs(1)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8), false)
            .build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(poisoned, null));
    assertTrue(
        e.getMessage().contains("loss is NaN; first non-finite output: layer 0 (dense) has NaN"),
        e.getMessage());
  }

  @Test
  void nonFiniteTestLoss_afterFiniteSteps_isDivergence_andWritesNoCheckpoint() {
    // one step at a huge rate: its loss and gradients are finite, the weights after it are huge
    // but finite, and the test outputs they give overflow
    Sequential model = Sequential.of(new int[] {64}, new Dense(64, 16, 1L), new Dense(16, 10, 2L));
    Path checkpoint = dir.resolve("ckpt.bin");
    Trainer trainer =
        Trainer.builder(model, Sgd.builder(model.parameters()).learningRate(1e35).build())
            .batchSize(train.size())
            .epochs(2)
            .checkpoint(checkpoint)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8), false)
            .build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, train));
    assertTrue(
        e.getMessage().startsWith("training diverged in epoch 1: the test loss is "),
        e.getMessage());
    assertTrue(e.getMessage().contains("its checkpoint is not written"), e.getMessage());
    assertEquals(0, trainer.state().epoch(), "the epoch does not count");
    assertFalse(Files.exists(checkpoint), "no checkpoint of the diverged weights");
  }
}
