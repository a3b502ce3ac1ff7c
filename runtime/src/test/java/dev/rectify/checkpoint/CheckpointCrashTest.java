package dev.rectify.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.Parameter;
import dev.rectify.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while it writes a checkpoint leaves the previous checkpoint intact and loadable:
 * the kill lands while a file is partly written, and every time the file on disk is a complete
 * checkpoint whose contents agree with its own step number.
 */
class CheckpointCrashTest {
  @TempDir Path dir;

  @Test
  void killDuringSave_leavesThePreviousCheckpointLoadable() throws Exception {
    Path file = dir.resolve("ckpt.bin");
    long previous = 0;
    for (int round = 0; round < 3; round++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CheckpointWriterChild.class.getName(),
                  file.toString())
              .redirectErrorStream(true)
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        // let it complete a few saves, then kill it a varying time into the next one
        for (int saves = 0; saves < 2 + round; ) {
          String line = out.readLine();
          assertTrue(line != null, "child ended early");
          if (line.startsWith("saved ")) {
            saves++;
          }
        }
        // Kill it while the next checkpoint is half written: as soon as any file in the folder
        // (the temp file, or the checkpoint itself were it written in place) is partly there.
        killWhileWriting(child);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      Parameter p = Parameter.trainable("weight", Tensor.zeros(4_000_000), true);
      TrainingState state = Checkpoint.loadParameters(file, List.of(p));
      assertTrue(state.step() >= 2, "at least the completed saves: " + state);
      for (float v : new float[] {p.value().data()[0], p.value().data()[3_999_999]}) {
        assertEquals(state.step(), v, "contents belong to the step the header names");
      }
      previous = state.step();
    }
    assertTrue(previous > 0);
  }

  private void killWhileWriting(Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (var files = java.nio.file.Files.list(dir)) {
        boolean partial =
            files.anyMatch(
                f -> {
                  try {
                    long size = java.nio.file.Files.size(f);
                    return size > 0 && size < 16_000_000;
                  } catch (java.io.IOException gone) {
                    return false; // renamed between list and size
                  }
                });
        if (partial) {
          child.destroyForcibly();
          return;
        }
      }
    }
    child.destroyForcibly();
    throw new AssertionError("never saw a checkpoint being written");
  }
}
