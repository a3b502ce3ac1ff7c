package dev.rectify.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.rectify.processor.codegen.LayerWriter;
import dev.rectify.processor.codegen.RuntimeTypes;
import dev.rectify.processor.codegen.ServicesWriter;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.compile.FormulaCompiler;
import dev.rectify.processor.diag.Message;
import dev.rectify.processor.diag.ValidationReport;
import dev.rectify.processor.spec.SpecReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * The javac entry point: for every type annotated with {@code @Activation}, read the spec, compile
 * its formulas and write its layer class; at the end, register every layer in {@code
 * META-INF/services}. It never throws out of {@link #process}: an unexpected exception becomes an
 * error on the type being processed, and the next type goes on.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes("dev.rectify.spec.Activation")
public final class ActivationProcessor extends AbstractProcessor {
  private final Set<String> generated = new TreeSet<>();

  /** Registry names already used in this compilation, with the type that took each. */
  private final Map<String, String> names = new LinkedHashMap<>();

  /** Types declared in this compilation's sources, nested ones included, by qualified name. */
  private final Set<String> declared = new HashSet<>();

  /** Classes generated in this compilation, with the annotated type each was generated for. */
  private final Map<String, String> generatedFor = new HashMap<>();

  /** The longest file name, in bytes, that common file systems (ext4, APFS, NTFS) accept. */
  static final int MAX_FILE_NAME_BYTES = 255;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement activation =
        processingEnv.getElementUtils().getTypeElement("dev.rectify.spec.Activation");
    for (Element e : round.getRootElements()) {
      collectDeclared(e);
    }
    if (activation != null) {
      for (Element e : round.getElementsAnnotatedWith(activation)) {
        if (e instanceof TypeElement) {
          processType((TypeElement) e);
        }
      }
    }
    if (round.processingOver() && !generated.isEmpty()) {
      try {
        ServicesWriter.write(processingEnv.getFiler(), generated);
      } catch (IOException | RuntimeException ex) {
        processingEnv
            .getMessager()
            .printMessage(
                Kind.ERROR, Message.INTERNAL_ERROR.format("cannot write META-INF/services: " + ex));
      }
    }
    return false;
  }

  private void collectDeclared(Element e) {
    if (e instanceof TypeElement) {
      declared.add(((TypeElement) e).getQualifiedName().toString());
      for (Element member : e.getEnclosedElements()) {
        collectDeclared(member);
      }
    }
  }

  /**
   * Reports generated classes that the Filer would refuse (a type of that name exists or was
   * already generated: {@code Outer.Foo} and {@code Outer_Foo} both give {@code Outer_FooLayer}) or
   * that the file system would (names longer than a file name may be). Checked before writing
   * anything, so that a spec never leaves half its classes behind.
   */
  private void checkGeneratedNames(
      TypeElement type, List<JavaFile> files, ValidationReport.Builder report) {
    String self = type.getQualifiedName().toString();
    for (JavaFile file : files) {
      String simple = file.typeSpec().name();
      String name = file.packageName().isEmpty() ? simple : file.packageName() + "." + simple;
      String owner = generatedFor.get(name);
      if (declared.contains(name)) {
        report.report(Message.NAME_CLASH, null, name, "the type " + name + " declared in source");
      } else if (owner != null && !owner.equals(self)) {
        report.report(
            Message.NAME_CLASH, null, name, "the class of that name generated for " + owner);
      }
      int bytes = (simple + ".class").getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_FILE_NAME_BYTES) {
        report.report(
            Message.GENERATED_NAME_TOO_LONG, null, abbreviated(simple), bytes, MAX_FILE_NAME_BYTES);
      }
    }
  }

  private static String abbreviated(String name) {
    return name.length() <= 60
        ? name
        : name.substring(0, 28) + "..." + name.substring(name.length() - 28);
  }

  private void processType(TypeElement type) {
    try {
      SpecReader.Result read = new SpecReader(processingEnv.getElementUtils()).read(type);
      ValidationReport.Builder report = read.report();
      CompiledActivation compiled = null;
      if (read.spec() != null) {
        String previous = names.putIfAbsent(read.spec().name(), type.getQualifiedName().toString());
        if (previous != null && !previous.equals(type.getQualifiedName().toString())) {
          report.report(Message.DUPLICATE_NAME, null, read.spec().name(), previous);
        }
        compiled = FormulaCompiler.compile(read.spec(), report);
      }
      List<JavaFile> files = List.of();
      if (compiled != null && !report.hasErrors()) {
        boolean vectorApi =
            processingEnv.getElementUtils().getTypeElement(RuntimeTypes.VECTOR_API_PROBE) != null;
        files = LayerWriter.write(compiled, vectorApi);
        checkGeneratedNames(type, files, report);
      }
      ValidationReport r = report.build();
      r.printTo(processingEnv.getMessager());
      if (r.isClean() && compiled != null) {
        for (JavaFile file : files) {
          generatedFor.put(
              file.packageName().isEmpty()
                  ? file.typeSpec().name()
                  : file.packageName() + "." + file.typeSpec().name(),
              type.getQualifiedName().toString());
          file.writeTo(processingEnv.getFiler());
        }
        JavaFile layer = files.get(0); // the layer is registered; its vector kernels are not
        generated.add(
            layer.packageName().isEmpty()
                ? layer.typeSpec().name()
                : layer.packageName() + "." + layer.typeSpec().name());
      }
    } catch (IOException | RuntimeException | StackOverflowError ex) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(Kind.ERROR, Message.INTERNAL_ERROR.format(trace), type);
    }
  }
}
