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

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement activation =
        processingEnv.getElementUtils().getTypeElement("dev.rectify.spec.Activation");
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
      ValidationReport r = report.build();
      r.printTo(processingEnv.getMessager());
      if (r.isClean() && compiled != null) {
        boolean vectorApi =
            processingEnv.getElementUtils().getTypeElement(RuntimeTypes.VECTOR_API_PROBE) != null;
        List<JavaFile> files = LayerWriter.write(compiled, vectorApi);
        for (JavaFile file : files) {
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
