package dev.rectify.samples.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The runtime logs to a {@link PrintStream}; picocli gives commands a {@link PrintWriter}. */
final class Io {
  private Io() {}

  /** A stream whose text goes to {@code out}, flushed at every line. */
  static PrintStream stream(PrintWriter out) {
    return new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8);
  }

  /**
   * Collects bytes and hands them to the writer as text on flush (PrintStream flushes whole lines).
   */
  private static final class WriterStream extends OutputStream {
    private final PrintWriter out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    WriterStream(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      pending.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      pending.write(b, off, len);
    }

    @Override
    public void flush() {
      out.write(pending.toString(StandardCharsets.UTF_8));
      out.flush();
      pending.reset();
    }
  }
}
