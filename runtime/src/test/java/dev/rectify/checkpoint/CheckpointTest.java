package dev.rectify.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.Parameter;
import dev.rectify.optim.Adam;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.Sgd;
import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  @Test
  void roundTrip_restoresParametersBuffersOptimizerAndState() throws IOException {
    List<Parameter> model = model(4);
    Optimizer adam = Adam.builder(model).learningRate(0.01).build();
    trainOneStep(model, adam);
    Path file = dir.resolve("run/ckpt.bin");
    Checkpoint.save(file, model, adam, new TrainingState(7, 1, 1));

    List<Parameter> fresh = model(4);
    Optimizer freshAdam = Adam.builder(fresh).learningRate(0.5).build();
    assertEquals(new TrainingState(7, 1, 1), Checkpoint.load(file, fresh, freshAdam));
    for (int i = 0; i < model.size(); i++) {
      assertArrayEquals(model.get(i).value().data(), fresh.get(i).value().data());
    }
    assertEquals(adam.exportState().steps(), freshAdam.exportState().steps());
    assertEquals(0.01, freshAdam.learningRate());
    assertArrayEquals(
        adam.exportState().slots().get(1).values(),
        freshAdam.exportState().slots().get(1).values());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void everyFlippedByte_isDetected() throws IOException {
    Path file = saved();
    byte[] good = Files.readAllBytes(file);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      Files.write(file, bad);
      assertThrows(CheckpointException.class, () -> load(file), "flip at byte " + i);
    }
    Files.write(file, flip(good, 40));
    assertMessageMatches(
        file, "checksum mismatch \\(stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}\\)");
  }

  @Test
  void otherVersion_saysWhichVersionsAreInvolved() throws IOException {
    Path file = saved();
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(8, 3);
    Files.write(file, bytes);
    assertMessage(file, "unsupported version 3 (this build reads versions 1 to 2)");
  }

  @Test
  void description_roundTrips_andVersion1FilesStillLoad() throws IOException {
    List<Parameter> model = model(4);
    Optimizer adam = Adam.builder(model).build();
    trainOneStep(model, adam);
    Path file = dir.resolve("described.bin");
    Map<String, Parameter> named = new LinkedHashMap<>();
    for (Parameter p : model) {
      named.put(p.name(), p);
    }
    Checkpoint.save(
        file,
        named,
        adam,
        new TrainingState(0, 1, 1),
        Map.of("activation", "relu", "model", "mlp:128x2"));
    assertEquals(
        Map.of("activation", "relu", "model", "mlp:128x2"),
        Checkpoint.readSummary(file).description());

    // version 1: the same payload without the description (its int32 count of 0 here)
    Path v1 = saved();
    byte[] v2 = Files.readAllBytes(v1);
    byte[] old = new byte[v2.length - Integer.BYTES];
    int countAt = 24 + 8 + 8 + 4;
    System.arraycopy(v2, 0, old, 0, countAt);
    System.arraycopy(v2, countAt + Integer.BYTES, old, countAt, v2.length - countAt - 4);
    ByteBuffer.wrap(old).putInt(8, 1).putLong(12, old.length - 24);
    Files.write(v1, withMatchingChecksum(old));
    assertEquals(Map.of(), Checkpoint.readSummary(v1).description());
    List<Parameter> fresh = model(4);
    assertEquals(
        new TrainingState(0, 1, 1), Checkpoint.load(v1, fresh, Adam.builder(fresh).build()));
    assertArrayEquals(model.get(0).value().data(), fresh.get(0).value().data());
  }

  @Test
  void truncatedAndForeignFiles_areRejected() throws IOException {
    Path file = saved();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
    assertMessage(
        file,
        "truncated: header says payload of "
            + (bytes.length - 24)
            + " bytes but file has "
            + (bytes.length - 29));
    Files.writeString(file, "hello, world");
    assertMessage(file, "not a Rectify checkpoint (bad magic)");
    Files.write(file, new byte[0]);
    assertMessage(file, "empty file");
  }

  @Test
  void shapeOrCountMismatch_namesTheParameter_andChangesNothing() throws IOException {
    Path file = saved();
    List<Parameter> wider = model(5);
    float[] before = wider.get(0).value().data().clone();
    assertMessage(
        file,
        wider,
        "shape mismatch for parameter 'dense1.weight': checkpoint [2, 4]," + " model [2, 5]");
    assertArrayEquals(before, wider.get(0).value().data());
    assertMessage(file, model(4).subList(0, 2), "checkpoint has 3 parameters but the model has 2");
  }

  @Test
  void optimizerOfAnotherKind_isRejectedWithTheFileName() throws IOException {
    Path file = saved();
    List<Parameter> model = model(4);
    Optimizer sgd = Sgd.builder(model).learningRate(0.1).build();
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.load(file, model, sgd));
    assertEquals(
        file + ": optimizer: optimizer state is for 'adam' but this optimizer is 'sgd'",
        e.getMessage());
  }

  @Test
  void nonFiniteWeights_areNeverSaved() throws IOException {
    List<Parameter> model = model(4);
    model.get(1).value().data()[0] = Float.NaN;
    Path file = dir.resolve("nan.bin");
    CheckpointException e =
        assertThrows(
            CheckpointException.class,
            () ->
                Checkpoint.save(
                    file, model, Adam.builder(model).build(), new TrainingState(0, 0, 0)));
    assertEquals(
        file + ": refusing to save: parameter 'dense1.bias' holds NaN or Inf", e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void saveOverExistingCheckpoint_replacesIt() throws IOException {
    Path file = saved();
    List<Parameter> model = model(4);
    model.get(0).value().fill(3f);
    Optimizer adam = Adam.builder(model).build();
    Checkpoint.save(file, model, adam, new TrainingState(1, 2, 3));
    List<Parameter> fresh = model(4);
    assertEquals(
        new TrainingState(1, 2, 3), Checkpoint.load(file, fresh, Adam.builder(fresh).build()));
    assertEquals(3f, fresh.get(0).value().data()[0]);
  }

  @Test
  void nonFiniteValues_inAFileMadeToMatchItsChecksum_areRefusedOnLoad() throws IOException {
    Path file = saved();
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, floatBytes(1.5f)); // bn.running_mean, a buffer no step changes
    System.arraycopy(floatBytes(Float.NaN), 0, bytes, at, Float.BYTES);
    Files.write(file, withMatchingChecksum(bytes));
    assertMessage(file, "refusing to load: parameter 'bn.running_mean' holds NaN or Inf");
  }

  @Test
  void hugeCountInAFileMadeToMatchItsChecksum_failsBeforeAllocating() throws IOException {
    Path file = saved();
    byte[] bytes = Files.readAllBytes(file);
    // the first parameter's rank: after seed, step, epoch, an empty description, the parameter
    // count, its name and trainable flag
    int rankAt = 24 + 8 + 8 + 4 + 4 + 4 + 2 + "dense1.weight".length() + 1;
    ByteBuffer.wrap(bytes).putInt(rankAt, Integer.MAX_VALUE);
    Files.write(file, withMatchingChecksum(bytes));
    assertMessageMatches(
        file, "malformed payload: a count of 2147483647 exceeds the \\d+ bytes left");
  }

  @Test
  void saveOntoAFolder_orBelowAFile_saysWhatIsInTheWay() {
    List<Parameter> model = model(4);
    Optimizer adam = Adam.builder(model).build();
    CheckpointException folder =
        assertThrows(
            CheckpointException.class,
            () -> Checkpoint.save(dir, model, adam, new TrainingState(0, 0, 0)));
    assertEquals(dir + ": cannot write: is a directory", folder.getMessage());

    Path blocker = dir.resolve("blocker");
    Path below = blocker.resolve("ckpt.bin");
    CheckpointException file =
        assertThrows(
            CheckpointException.class,
            () -> {
              Files.writeString(blocker, "not a folder");
              Checkpoint.save(below, model, adam, new TrainingState(0, 0, 0));
            });
    assertTrue(
        file.getMessage().startsWith(below + ": cannot write: a file is in the way"),
        file.getMessage());
  }

  @Test
  void unreadableFile_saysWhyWithoutRepeatingItsPath() throws IOException {
    // Linux refuses to open(2) a socket with ENXIO, even for root, for whom a file without
    // permissions would still be readable
    Path file = dir.resolve("ckpt.bin");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(file));
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> Checkpoint.readState(file));
      assertEquals(file + ": cannot read: No such device or address", e.getMessage());
    }
  }

  private static byte[] floatBytes(float v) {
    return ByteBuffer.allocate(Float.BYTES).putFloat(v).array();
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  /** {@code bytes} with the header's CRC-32C recomputed over the payload, as a forger would. */
  private static byte[] withMatchingChecksum(byte[] bytes) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, 24, bytes.length - 24);
    ByteBuffer.wrap(bytes).putInt(20, (int) crc.getValue());
    return bytes;
  }

  /** A dense layer's weight and bias, and a buffer: "dense1.weight" [2, inputs]. */
  private static List<Parameter> model(int inputs) {
    Tensor w = Tensor.zeros(2, inputs);
    for (int i = 0; i < w.size(); i++) {
      w.data()[i] = 0.1f * i - 0.3f;
    }
    return List.of(
        Parameter.trainable("dense1.weight", w, true),
        Parameter.trainable("dense1.bias", Tensor.wrap(new float[] {0.5f, -0.5f}, 2), false),
        Parameter.buffer("bn.running_mean", Tensor.wrap(new float[] {1.5f}, 1)));
  }

  private static void trainOneStep(List<Parameter> model, Optimizer optimizer) {
    optimizer.zeroGrad();
    for (Parameter p : optimizer.parameters()) {
      for (int i = 0; i < p.grad().size(); i++) {
        p.grad().data()[i] = (float) Math.cos(i);
      }
    }
    optimizer.step();
  }

  private Path saved() throws IOException {
    List<Parameter> model = model(4);
    Optimizer adam = Adam.builder(model).build();
    trainOneStep(model, adam);
    Path file = dir.resolve("ckpt.bin");
    Checkpoint.save(file, model, adam, new TrainingState(0, 1, 1));
    return file;
  }

  private static void load(Path file) throws IOException {
    List<Parameter> model = model(4);
    Checkpoint.load(file, model, Adam.builder(model).build());
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 1;
    return copy;
  }

  private static void assertMessage(Path file, String problem) {
    assertMessage(file, model(4), problem);
  }

  private static void assertMessage(Path file, List<Parameter> model, String problem) {
    CheckpointException e =
        assertThrows(
            CheckpointException.class,
            () -> Checkpoint.load(file, model, Adam.builder(model).build()));
    assertEquals(file + ": " + problem, e.getMessage());
  }

  private static void assertMessageMatches(Path file, String regex) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> load(file));
    assertTrue(e.getMessage().matches(Pattern.quote(file + ": ") + regex), e.getMessage());
  }
}
