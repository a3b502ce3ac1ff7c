package dev.rectify.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line's argument handling: output, usage errors and exit codes. */
class RectifyCliTest {

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = RectifyCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void list_showsEveryRegisteredActivationWithBackwardAndStorage() {
    Result r = run("list");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("relu "), r.out());
    assertTrue(r.out().matches("(?s).*\\nrelu +max\\(x, 0\\) +x > 0 \\? 1 : 0 +symbolic +mask \\(1 bit\\).*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nsugar-bsilu +max\\(x, 0\\) +sigmoid\\(x\\).* +surrogate +input \\(4 B\\).*"), r.out());
  }

  @Test
  void show_printsOriginStorageAndParameters() {
    Result r = run("show", "sugar-bsilu");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("from:        symbolic derivative of the surrogate (SUGAR)"), r.out());
    assertTrue(r.out().contains("param:       alpha = 1.67"), r.out());
    assertTrue(r.out().contains("storage:     input, 4 bytes per element"), r.out());
  }

  @Test
  void show_unknownActivation_exits2AndNamesTheClosest() {
    Result r = run("show", "relux");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown activation 'relux'; did you mean relu"), r.err());
  }

  @Test
  void badFlag_exits2WithUsage() {
    Result r = run("list", "--bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
    assertTrue(r.err().contains("Usage: rectify list"), r.err());
  }

  @Test
  void help_onEveryCommand() {
    for (String command : new String[] {"list", "show"}) {
      Result r = run(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().startsWith("Usage: rectify " + command), r.out());
    }
  }
}
