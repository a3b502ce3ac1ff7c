package dev.rectify.processor.support;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.processor.ActivationProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
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

  /**
   * Compiles with a new {@link ActivationProcessor} and the Vector API module, so that the vector
   * kernels are generated and compiled too.
   */
  public static Compilation compileWithVectorKernels(JavaFileObject... sources) {
    return javac()
        .withOptions("--release", "17", "--add-modules", "jdk.incubator.vector")
        .withProcessors(new ActivationProcessor())
        .compile(sources);
  }

  /**
   * A new instance of the layer class {@code name} that {@code c} generated, loaded with the test's
   * class path as parent, so that it runs against this build's runtime (and finds its vector
   * kernels beside it).
   */
  public static ActivationFunction load(Compilation c, String name) throws Exception {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        String binary =
            path.substring(path.indexOf("/test/") + 1, path.length() - 6).replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(binary, in.readAllBytes());
        } catch (IOException e) {
          throw new AssertionError("cannot read " + f.toUri(), e);
        }
      }
    }
    ClassLoader loader =
        new ClassLoader(Sources.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String n) throws ClassNotFoundException {
            byte[] bytes = classes.get(n);
            if (bytes == null) {
              throw new ClassNotFoundException(n);
            }
            return defineClass(n, bytes, 0, bytes.length);
          }
        };
    return (ActivationFunction) loader.loadClass(name).getConstructor().newInstance();
  }
}
