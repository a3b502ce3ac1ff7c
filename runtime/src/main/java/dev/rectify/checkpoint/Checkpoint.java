package dev.rectify.checkpoint;

import dev.rectify.io.IoReasons;
import dev.rectify.nn.Parameter;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.OptimizerState;
import dev.rectify.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Saves and restores a training run: every parameter (buffers included), the optimizer's state and
 * the {@link TrainingState}.
 *
 * <pre>{@code
 * Checkpoint.save(file, model.parameters(), optimizer, new TrainingState(seed, step, epoch));
 * ...
 * TrainingState resumed = Checkpoint.load(file, model.parameters(), optimizer);
 * }</pre>
 *
 * <p><b>Safety.</b> A save writes a temporary file in the target's folder, forces it to disk and
 * renames it over the target atomically, so a crash leaves either the old checkpoint or the new
 * one, never a torn file. Parameters holding NaN or infinities are refused. A load reads and checks
 * the whole file before it changes anything: magic, format version, length, a CRC-32C over the
 * payload, then parameter count, names and shapes against the model. Every failure is a one-line
 * {@link CheckpointException} naming the file and the problem.
 *
 * <p><b>Run description.</b> A save may record what the run is, as text pairs ({@code activation =
 * relu}, {@code model = mlp:128x2}); {@link #readSummary} returns them, and {@code Trainer.resume}
 * refuses a checkpoint whose description differs from its own: a ReLU network's weights continued
 * with tanh would pass every shape check.
 *
 * <p><b>Format</b> (version 2, big-endian): the 8 ASCII bytes {@code RECTCKPT}, int32 version,
 * int64 payload length, int32 CRC-32C of the payload; then the payload: int64 seed, int64 step,
 * int32 epoch; int32 description count and per entry its key and value (Java modified UTF-8 with a
 * 16-bit length); int32 parameter count and per parameter its name, a trainable flag byte, int32
 * rank, the dimensions, the float32 values; then the optimizer's kind, int64 step count, float64
 * learning rate, int32 buffer count and per buffer its name, int32 length and float32 values.
 * Version 1, which this build still reads, is the same without the description.
 */
public final class Checkpoint {
  /** The format version this build writes; it also reads {@link #FIRST_VERSION}. */
  public static final int VERSION = 2;

  /** The oldest format version this build reads: version 1 had no run description. */
  static final int FIRST_VERSION = 1;

  private static final byte[] MAGIC = "RECTCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 4;

  private Checkpoint() {}

  /**
   * Writes {@code parameters}, the optimizer's state and {@code state} to {@code file}, atomically;
   * creates the folder if needed.
   */
  public static void save(
      Path file, List<Parameter> parameters, Optimizer optimizer, TrainingState state)
      throws IOException {
    save(file, byOwnName(parameters), optimizer, state, Map.of());
  }

  /**
   * Like {@link #save(Path, List, Optimizer, TrainingState)} with the parameters stored under the
   * given names, such as {@code Sequential.namedParameters()}'s {@code "0.weight"}, and the run's
   * {@code description} (see the class comment; may be empty).
   */
  public static void save(
      Path file,
      Map<String, Parameter> parameters,
      Optimizer optimizer,
      TrainingState state,
      Map<String, String> description)
      throws IOException {
    OptimizerState optimizerState = optimizer.exportState();
    for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
      requireFinite(
          file, "parameter '" + p.getKey() + "'", p.getValue().value().data(), "refusing to save");
    }
    for (OptimizerState.Slot slot : optimizerState.slots()) {
      requireFinite(
          file, "optimizer buffer '" + slot.name() + "'", slot.values(), "refusing to save");
    }
    byte[] payload = payload(parameters, optimizerState, state, description);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    header.put(MAGIC).putInt(VERSION).putLong(payload.length).putInt((int) crc.getValue());
    header.flip();

    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new CheckpointException(file, "cannot write: is a directory");
    }
    Path temp;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot write: " + IoReasons.reason(e, file), e);
    }
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer body = ByteBuffer.wrap(payload);
        while (header.hasRemaining() || body.hasRemaining()) {
          out.write(new ByteBuffer[] {header, body});
        }
        out.force(true); // the data must be on disk before the rename makes it the checkpoint
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      if (e instanceof IOException io && !(e instanceof CheckpointException)) {
        throw new CheckpointException(file, "cannot write: " + IoReasons.reason(io, file), io);
      }
      throw e;
    }
    forceDirectory(dir);
  }

  /**
   * Reads {@code file}, checks it against {@code parameters} and {@code optimizer}, and only then
   * copies the values into them. Returns where the run stood.
   */
  public static TrainingState load(Path file, List<Parameter> parameters, Optimizer optimizer)
      throws IOException {
    return load(file, byOwnName(parameters), optimizer);
  }

  /** Like {@link #load(Path, List, Optimizer)} for parameters saved under the given names. */
  public static TrainingState load(
      Path file, Map<String, Parameter> parameters, Optimizer optimizer) throws IOException {
    return load(file, parameters, optimizer, stored -> {});
  }

  /**
   * A check of what a checkpoint says of its run, before {@link #load(Path, Map, Optimizer,
   * SummaryCheck)} changes anything: it throws to refuse the file.
   */
  @FunctionalInterface
  public interface SummaryCheck {
    void check(Summary stored) throws IOException;
  }

  /**
   * Like {@link #load(Path, Map, Optimizer)}, with {@code check} run on the file's state and
   * description first, in the same read: a resume that checks its seed and run description does not
   * read and checksum the whole file twice.
   */
  public static TrainingState load(
      Path file, Map<String, Parameter> parameters, Optimizer optimizer, SummaryCheck check)
      throws IOException {
    Contents contents = read(file);
    check.check(new Summary(contents.state, contents.description));
    checkParameters(file, contents.parameters, parameters);
    try {
      optimizer.importState(contents.optimizer); // validates fully before it changes anything
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "optimizer: " + e.getMessage());
    }
    copyValues(contents.parameters, parameters);
    return contents.state;
  }

  /** Restores only the parameters, for evaluation; the optimizer state in the file is ignored. */
  public static TrainingState loadParameters(Path file, List<Parameter> parameters)
      throws IOException {
    Map<String, Parameter> named = byOwnName(parameters);
    Contents contents = read(file);
    checkParameters(file, contents.parameters, named);
    copyValues(contents.parameters, named);
    return contents.state;
  }

  /** The training state stored in {@code file}, after the same checks as {@link #load}. */
  public static TrainingState readState(Path file) throws IOException {
    return read(file).state;
  }

  /**
   * How {@code recorded}, a checkpoint's run description, contradicts {@code wanted}, a run's own,
   * for a key both have: {@code "trained with activation 'relu', this run has 'tanh'"}; null when
   * they agree. A key only one side has is no conflict: version 1 files record nothing.
   */
  public static String conflict(Map<String, String> recorded, Map<String, String> wanted) {
    for (Map.Entry<String, String> mine : new TreeMap<>(wanted).entrySet()) {
      String theirs = recorded.get(mine.getKey());
      if (theirs != null && !theirs.equals(mine.getValue())) {
        return "trained with "
            + mine.getKey()
            + " '"
            + theirs
            + "', this run has '"
            + mine.getValue()
            + "'";
      }
    }
    return null;
  }

  /**
   * What a checkpoint says of its run, read without touching a model: where it stands, and its
   * description (empty for version 1 files).
   */
  public record Summary(TrainingState state, Map<String, String> description) {}

  /**
   * The state and description stored in {@code file}, after the same checks as {@link #load}, in
   * one read, for a caller that checks them long before it loads (the CLI, before any data); {@link
   * #load(Path, Map, Optimizer, SummaryCheck)} checks them in its own read.
   */
  public static Summary readSummary(Path file) throws IOException {
    Contents contents = read(file);
    return new Summary(contents.state, contents.description);
  }

  /**
   * Parameters under their own names; a name that repeats (two layers' {@code "weight"}) gets its
   * index appended, {@code "weight#2"}, so that every entry keeps its place.
   */
  private static Map<String, Parameter> byOwnName(List<Parameter> parameters) {
    Map<String, Parameter> named = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      named.put(named.containsKey(p.name()) ? p.name() + "#" + i : p.name(), p);
    }
    return named;
  }

  // ---- writing ----

  private static byte[] payload(
      Map<String, Parameter> parameters,
      OptimizerState optimizer,
      TrainingState state,
      Map<String, String> description)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(state.seed());
      out.writeLong(state.step());
      out.writeInt(state.epoch());
      out.writeInt(description.size());
      for (Map.Entry<String, String> entry : new TreeMap<>(description).entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeUTF(entry.getValue());
      }
      out.writeInt(parameters.size());
      for (Map.Entry<String, Parameter> named : parameters.entrySet()) {
        Parameter p = named.getValue();
        out.writeUTF(named.getKey());
        out.writeBoolean(p.isTrainable());
        int[] shape = p.value().shape();
        out.writeInt(shape.length);
        for (int d : shape) {
          out.writeInt(d);
        }
        writeFloats(out, p.value().data());
      }
      out.writeUTF(optimizer.kind());
      out.writeLong(optimizer.steps());
      out.writeDouble(optimizer.learningRate());
      out.writeInt(optimizer.slots().size());
      for (OptimizerState.Slot slot : optimizer.slots()) {
        out.writeUTF(slot.name());
        out.writeInt(slot.values().length);
        writeFloats(out, slot.values());
      }
    }
    return bytes.toByteArray();
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.asFloatBuffer().put(values);
    out.write(buffer.array());
  }

  private static void requireFinite(Path file, String what, float[] values, String refusal)
      throws CheckpointException {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new CheckpointException(file, refusal + ": " + what + " holds NaN or Inf");
      }
    }
  }

  /**
   * Makes the rename durable. Linux needs the folder itself fsynced for that; some platforms
   * (Windows) cannot open a folder as a channel, and there the rename is as durable as it gets.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // see above: nothing more can be done on this platform
    }
  }

  // ---- reading ----

  /** A parameter as stored. */
  private record Stored(String name, int[] shape, float[] values) {}

  private record Contents(
      List<Stored> parameters,
      OptimizerState optimizer,
      TrainingState state,
      Map<String, String> description) {}

  private static Contents read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    if (Files.isDirectory(file)) {
      throw new CheckpointException(file, "is a directory");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CheckpointException(file, "cannot read: " + IoReasons.reason(e, file), e);
    } catch (OutOfMemoryError e) {
      throw new CheckpointException(file, "too large to read (" + Files.size(file) + " bytes)");
    }
    if (bytes.length == 0) {
      throw new CheckpointException(file, "empty file");
    }
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new CheckpointException(file, "not a Rectify checkpoint (bad magic)");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new CheckpointException(
          file, "truncated: " + bytes.length + " bytes, the header needs " + HEADER_BYTES);
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, MAGIC.length, HEADER_BYTES - MAGIC.length);
    int version = header.getInt();
    if (version < FIRST_VERSION || version > VERSION) {
      throw new CheckpointException(
          file,
          "unsupported version "
              + version
              + " (this build reads versions "
              + FIRST_VERSION
              + " to "
              + VERSION
              + ")");
    }
    long length = header.getLong();
    long actual = bytes.length - HEADER_BYTES;
    if (length != actual) {
      throw new CheckpointException(
          file,
          (actual < length ? "truncated" : "trailing data")
              + ": header says payload of "
              + length
              + " bytes but file has "
              + actual);
    }
    int storedCrc = header.getInt();
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
    if ((int) crc.getValue() != storedCrc) {
      throw new CheckpointException(
          file,
          String.format(
              "checksum mismatch (stored 0x%08X, computed 0x%08X)", storedCrc, crc.getValue()));
    }
    Contents contents;
    try {
      contents =
          parse(
              new DataInputStream(
                  new ByteArrayInputStream(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES)),
              version);
    } catch (IOException | IllegalArgumentException | ArithmeticException e) {
      // A writer bug, or a file made to match its checksum: the checksum matched what was
      // written, so a careless edit or a torn write cannot get here
      throw new CheckpointException(
          file,
          "malformed payload: "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    }
    // save refuses them; a file that holds them anyway would make the resumed run diverge at its
    // first step, far from the cause
    for (Stored p : contents.parameters) {
      requireFinite(file, "parameter '" + p.name() + "'", p.values(), "refusing to load");
    }
    for (OptimizerState.Slot slot : contents.optimizer.slots()) {
      requireFinite(
          file, "optimizer buffer '" + slot.name() + "'", slot.values(), "refusing to load");
    }
    return contents;
  }

  private static Contents parse(DataInputStream in, int version) throws IOException {
    TrainingState state = new TrainingState(in.readLong(), in.readLong(), in.readInt());
    Map<String, String> description = new TreeMap<>();
    if (version >= 2) {
      int entries = fits(in.readInt(), 4, in);
      for (int i = 0; i < entries; i++) {
        description.put(in.readUTF(), in.readUTF());
      }
    }
    int count = fits(in.readInt(), 1, in);
    List<Stored> parameters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      in.readBoolean(); // trainable: informative; the model decides
      int[] shape = new int[fits(in.readInt(), Integer.BYTES, in)];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.readInt();
      }
      parameters.add(new Stored(name, shape, readFloats(in, sizeOf(shape))));
    }
    String kind = in.readUTF();
    long steps = in.readLong();
    double learningRate = in.readDouble();
    int slotCount = fits(in.readInt(), 1, in);
    List<OptimizerState.Slot> slots = new ArrayList<>();
    for (int i = 0; i < slotCount; i++) {
      String name = in.readUTF();
      slots.add(new OptimizerState.Slot(name, readFloats(in, in.readInt())));
    }
    if (in.available() != 0) {
      throw new IllegalArgumentException(in.available() + " unread bytes");
    }
    return new Contents(
        parameters,
        new OptimizerState(kind, steps, learningRate, slots),
        state,
        Collections.unmodifiableMap(description));
  }

  private static int nonNegative(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count " + n);
    }
    return n;
  }

  /**
   * {@code n}, a count of items of at least {@code bytesEach} bytes still to be read from {@code
   * in}, checked against what is left, so that a corrupt count fails here rather than allocating
   * gigabytes first.
   */
  private static int fits(int n, int bytesEach, DataInputStream in) throws IOException {
    if ((long) nonNegative(n) * bytesEach > in.available()) {
      throw new IllegalArgumentException(
          "a count of " + n + " exceeds the " + in.available() + " bytes left");
    }
    return n;
  }

  /** Tensor's count, which rejects negative dimensions and products past an array's size. */
  private static int sizeOf(int[] shape) {
    return (int) Tensor.sizeOf(shape);
  }

  private static float[] readFloats(DataInputStream in, int count) throws IOException {
    byte[] raw = new byte[Math.multiplyExact(fits(count, Float.BYTES, in), Float.BYTES)];
    in.readFully(raw);
    float[] values = new float[count];
    ByteBuffer.wrap(raw).asFloatBuffer().get(values);
    return values;
  }

  private static void checkParameters(Path file, List<Stored> stored, Map<String, Parameter> named)
      throws CheckpointException {
    List<String> names = List.copyOf(named.keySet());
    List<Parameter> model = List.copyOf(named.values());
    if (stored.size() != model.size()) {
      throw new CheckpointException(
          file,
          "checkpoint has " + stored.size() + " parameters but the model has " + model.size());
    }
    for (int i = 0; i < stored.size(); i++) {
      Stored s = stored.get(i);
      Parameter p = model.get(i);
      if (!s.name().equals(names.get(i))) {
        throw new CheckpointException(
            file,
            "parameter "
                + i
                + " is '"
                + s.name()
                + "' in the checkpoint but '"
                + names.get(i)
                + "' in the model");
      }
      if (!p.value().hasShape(s.shape())) {
        throw new CheckpointException(
            file,
            "shape mismatch for parameter '"
                + names.get(i)
                + "': checkpoint "
                + Arrays.toString(s.shape())
                + ", model "
                + Arrays.toString(p.value().shape()));
      }
    }
  }

  private static void copyValues(List<Stored> stored, Map<String, Parameter> named) {
    List<Parameter> model = List.copyOf(named.values());
    for (int i = 0; i < stored.size(); i++) {
      float[] values = stored.get(i).values();
      System.arraycopy(values, 0, model.get(i).value().data(), 0, values.length);
    }
  }
}
