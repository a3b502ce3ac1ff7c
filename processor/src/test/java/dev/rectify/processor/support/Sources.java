package dev.rectify.processor.support;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.rectify.processor.ActivationProcessor;
import javax.tools.JavaFileObject;

/** Builds test sources and compiles them with a fresh processor each time (STYLE.md rule 9). */
public final class Sources {
  private Sources() {}

  /**
   * A source file {@code test/<name>.java}: an interface carrying the annotation given line by
   * line, so that tests can assert the line a diagnostic points at.
   */
  public static JavaFileObject spec(String name, String... annotationLines) {
    java.util.List<String> lines =
        new java.util.ArrayList<>(
            java.util.List.of(
                "package test;",
                "",
                "import dev.rectify.spec.Activation;",
                "import dev.rectify.spec.Param;",
                ""));
    lines.addAll(java.util.List.of(annotationLines));
    lines.add("interface " + name + " {}");
    return JavaFileObjects.forSourceLines("test." + name, lines);
  }

  /** Compiles with a new {@link ActivationProcessor}. */
  public static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withOptions("--release", "17", "-Xlint:all,-processing")
        .withProcessors(new ActivationProcessor())
        .compile(sources);
  }
}
