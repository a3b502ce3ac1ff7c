package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.rectify.processor.codegen.LayerWriter;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.compile.FormulaCompiler;
import dev.rectify.processor.diag.Message;
import dev.rectify.processor.diag.ValidationReport;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.support.Specs;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;

/**
 * Hostile formulas through the whole compiler. In-process, 10,000 random, mutated and extreme
 * formula strings go through reading, parsing, checking, differentiation, verification, storage
 * analysis, lowering and writing the Java source: never an exception, every rejection a {@code
 * [Rectify...]} error, positioned in the formula where it is about a place in it. Through javac
 * with the real processor, 150 accepted formulas must all generate compiling layers and 150
 * rejected ones must each get their error on their own {@code formula =} line. The seed is fixed,
 * so a failure reproduces.
 */
class ProcessorFuzzTest {
  private static final long SEED = 20261123L;

  /** Errors about the formula as a whole rather than a place in it: anchored on the value only. */
  private static final Set<Message> WHOLE_FORMULA =
      EnumSet.of(
          Message.NOT_FINITE, Message.TOO_COMPLEX, Message.UNSUPPORTED, Message.UNUSED_PARAM);

  private static final Pattern POSITIONED =
      Pattern.compile("^\\[Rectify\\w+\\] formula:\\d+: .*", Pattern.DOTALL);

  /** Inputs nobody writes on purpose, all of which must be a clean error or a working layer. */
  private static final List<String> EXTREMES =
      List.of(
          "",
          "   ",
          "\t\n",
          "NaN",
          "Infinity",
          "1e999",
          "-1e999 * x",
          "1e-400 * x",
          "x\u0000",
          "x \u00d7 2",
          "\uD83D\uDE00",
          "x\u202e + 1",
          "x\u0085",
          "\u0078",
          "(".repeat(1000) + "x" + ")".repeat(1000),
          "sigmoid(".repeat(1000) + "x" + ")".repeat(1000),
          "-".repeat(1000) + "x",
          "x" + " + x".repeat(25_000),
          "x" + "+x".repeat(4_999),
          "gelu(".repeat(30) + "x" + ")".repeat(30),
          "max(x, 0) * 1e308 * 1e308",
          "x / 0",
          "0 / 0 * x",
          "exp(exp(exp(x)))",
          "log(-abs(x) - 1)");

  private record Outcome(String formula, boolean accepted, List<ValidationReport.Item> items) {}

  /** The compiler from spec to Java source, without javac. */
  private static Outcome compileInProcess(String formula) {
    List<ParamSpec> params =
        formula.matches("(?s).*\\bk\\b.*")
            ? List.of(new ParamSpec("k", 0.5, false, false, null))
            : List.of();
    ActivationSpec spec = Specs.formula("fuzz", "Fuzz", formula, params);
    ValidationReport.Builder report = ValidationReport.about(null, null);
    CompiledActivation compiled = FormulaCompiler.compile(spec, report);
    ValidationReport r = report.build();
    if (r.isClean()) {
      assertTrue(compiled != null, "clean report but nothing compiled: " + formula);
      List<JavaFile> files = LayerWriter.write(compiled, false);
      assertTrue(files.get(0).toString().contains("public final class FuzzLayer"), formula);
    }
    return new Outcome(formula, r.isClean(), r.items());
  }

  private static List<String> formulas(int count, Random random) {
    FuzzSmokeTest generators = new FuzzSmokeTest();
    Arbitrary<String> soup = generators.soup();
    Arbitrary<String> mutants = generators.mutants();
    Arbitrary<String> valid = ExprArbitraries.smooth(4).map(Printer::print);
    List<String> out = new ArrayList<>(EXTREMES);
    while (out.size() < count) {
      int kind = random.nextInt(5);
      Arbitrary<String> source = kind < 2 ? soup : kind < 4 ? mutants : valid;
      out.add(source.generator(100).next(random).value());
    }
    return out;
  }

  @Example
  void tenThousandHostileFormulas_inProcess_neverThrow_andEveryRejectionIsPositioned() {
    int accepted = 0;
    long slowest = 0;
    String slowestFormula = "";
    for (String formula : formulas(10_000, new Random(SEED))) {
      long start = System.nanoTime();
      Outcome o = compileInProcess(formula);
      long took = System.nanoTime() - start;
      if (took > slowest) {
        slowest = took;
        slowestFormula = formula.length() > 60 ? formula.substring(0, 60) + "..." : formula;
      }
      accepted += o.accepted() ? 1 : 0;
      for (ValidationReport.Item item : o.items()) {
        assertTrue(item.text().startsWith("[Rectify"), item.text());
        assertFalse(item.message() == Message.INTERNAL_ERROR, item.text());
        if (item.message().kind() == Diagnostic.Kind.ERROR
            && !WHOLE_FORMULA.contains(item.message())
            && item.message() != Message.WRONG_DERIVATIVE) {
          assertTrue(
              POSITIONED.matcher(item.text()).matches(),
              "not positioned: " + item.text() + "\nfor: " + formula);
        }
      }
      if (!o.accepted()) {
        assertTrue(
            o.items().stream().anyMatch(i -> i.message().kind() == Diagnostic.Kind.ERROR),
            "rejected without an error: " + formula);
      }
    }
    // Reported, not asserted: timing assertions do not belong in unit tests. The size and depth
    // limits are what bound it.
    System.out.printf(
        "fuzz: %d formulas accepted of 10000; slowest %.1f ms (%s)%n",
        accepted, slowest / 1e6, slowestFormula);
    assertTrue(accepted > 1000, "the corpus must reach the back end often: " + accepted);
  }

  @Example
  void throughJavac_acceptedFormulasGenerateCompilingLayers_rejectedOnesArePositioned() {
    List<String> good = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String formula : formulas(5_000, new Random(SEED + 1))) {
      if (formula.length() > 2_000 || !formula.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
        continue; // kept to the printable ASCII a Java literal can hold as is
      }
      List<String> bucket = compileInProcess(formula).accepted() ? good : bad;
      if (bucket.size() < 150) {
        bucket.add(formula);
      }
      if (good.size() == 150 && bad.size() == 150) {
        break;
      }
    }
    assertEquals(150, good.size());
    assertEquals(150, bad.size());

    Compilation accepted = compile(sources("Good", good).toArray(new JavaFileObject[0]));
    assertThat(accepted).succeeded();
    for (int i = 0; i < good.size(); i++) {
      assertThat(accepted).generatedSourceFile("test.Good" + i + "Layer");
    }

    List<JavaFileObject> badSources = sources("Bad", bad);
    // javac stops printing after 100 errors by default; every spec's error must show
    Compilation rejected =
        com.google.testing.compile.Compiler.javac()
            .withOptions("--release", "17", "-Xmaxerrs", "1000")
            .withProcessors(new ActivationProcessor())
            .compile(badSources);
    assertThat(rejected).failed();
    for (Diagnostic<? extends JavaFileObject> d : rejected.errors()) {
      assertFalse(d.getMessage(null).contains("RectifyInternalError"), d.getMessage(null));
      assertTrue(d.getMessage(null).startsWith("[Rectify"), "javac's own error: " + d);
    }
    for (JavaFileObject src : badSources) {
      assertThat(rejected).hadErrorContaining("[Rectify").inFile(src).onLineContaining("formula =");
    }
  }

  private static List<JavaFileObject> sources(String prefix, List<String> formulas) {
    List<JavaFileObject> out = new ArrayList<>();
    for (int i = 0; i < formulas.size(); i++) {
      String f = formulas.get(i);
      String params =
          f.matches("(?s).*\\bk\\b.*") ? ", params = @Param(name = \"k\", value = 0.5)" : "";
      out.add(
          JavaFileObjects.forSourceLines(
              "test." + prefix + i,
              "package test;",
              "import dev.rectify.spec.Activation;",
              "import dev.rectify.spec.Param;",
              "@Activation(name = \"" + prefix.toLowerCase() + "-" + i + "\"" + params + ",",
              "    formula = \"" + f.replace("\\", "\\\\").replace("\"", "\\\"") + "\")",
              "interface " + prefix + i + " {}"));
    }
    return out;
  }
}
