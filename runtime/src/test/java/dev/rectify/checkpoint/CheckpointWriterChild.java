package dev.rectify.checkpoint;

import dev.rectify.nn.Parameter;
import dev.rectify.optim.Sgd;
import dev.rectify.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link CheckpointCrashTest}: saves checkpoints of a large parameter over
 * and over, each with every value equal to its step number, and prints the step after each save,
 * until it is killed.
 */
public final class CheckpointWriterChild {
  private CheckpointWriterChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Parameter p = Parameter.trainable("weight", Tensor.zeros(4_000_000), true); // 16 MB a save
    List<Parameter> params = List.of(p);
    Sgd sgd = Sgd.builder(params).learningRate(0.1).build();
    for (long step = 1; ; step++) {
      p.value().fill(step);
      Checkpoint.save(file, params, sgd, new TrainingState(0, step, (int) step));
      System.out.println("saved " + step);
      System.out.flush();
    }
  }
}
