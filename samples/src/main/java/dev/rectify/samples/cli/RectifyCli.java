package dev.rectify.samples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rectify} command-line tool: look at the registered activations and train networks with
 * them.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar samples/target/rectify.jar list
 * java --add-modules jdk.incubator.vector -jar samples/target/rectify.jar train --activation sugar-bsilu
 * </pre>
 *
 * Exit codes: 0 success, 1 a failure while running (unreadable data, divergence), 2 bad usage.
 */
@Command(
    name = "rectify",
    mixinStandardHelpOptions = true,
    versionProvider = RectifyCli.Version.class,
    description = "Activation functions as annotations: inspect them and train networks with them.",
    subcommands = {
      ListCommand.class,
      ShowCommand.class,
      PlotCommand.class,
      TrainCommand.class,
      CompareCommand.class,
      Glorot2011Command.class,
      Sugar2025Command.class,
      NairHinton2010Command.class
    })
public final class RectifyCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whether output goes to a terminal, where the trainer redraws one progress line. */
  final boolean interactive;

  private RectifyCli(boolean interactive) {
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(new RectifyCli(System.console() != null), args, out, err));
  }

  /** Runs the tool with the given streams, never as a terminal; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(new RectifyCli(false), args, out, err);
  }

  private static int run(RectifyCli tool, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(tool);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          String message = ex.getMessage() != null ? ex.getMessage() : ex.toString();
          commandLine.getErr().println("rectify: " + message);
          if (ex instanceof UsageException) {
            commandLine
                .getErr()
                .printf("Try 'rectify %s --help' for usage.%n", commandLine.getCommandName());
            return 2;
          }
          return 1;
        });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      // sizes the flags allow may still not fit the heap; one line, not a stack trace
      err.println(
          "rectify: out of memory ("
              + e.getMessage()
              + "): use smaller sizes, or give the JVM more heap with -Xmx");
      return 1;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A mistake in how the tool was called that is found after parsing (an unknown name). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** A run that could not produce its result (training diverged): exit code 1. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RectifyCli.class.getPackage().getImplementationVersion();
      return new String[] {"rectify " + (v == null ? "development" : v)};
    }
  }
}
