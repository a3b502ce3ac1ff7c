package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.load;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.rectify.nn.Activation;
import dev.rectify.nn.ActivationFunction;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Formula, name, parameter and description strings are data, never code: each attempt to smuggle
 * Java into the generated class either fails as a positioned error or ends up escaped. The ones
 * that compile are loaded and run here, so an injected {@code System.exit} would end this JVM.
 */
class CodeInjectionTest {

  @Test
  void javaStatementsInAFormula_areASyntaxErrorAtTheFirstStrayToken() {
    JavaFileObject src =
        spec("Evil", "@Activation(", "    formula = \"x); System.exit(3); Math.max(x\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifySyntax] formula:2: unexpected ')' after a complete formula")
        .inFile(src)
        .onLineContaining("formula =");
  }

  @Test
  void javaExpressionInPlaceOfAFormula_isRejectedAtTheDot() {
    JavaFileObject src =
        spec(
            "Evil",
            "@Activation(",
            "    formula = \"Runtime.getRuntime().exec(\\\"rm\\\") == null ? x : 0\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifySyntax] formula:8: unexpected character '.'")
        .inFile(src)
        .onLineContaining("formula =");
  }

  @Test
  void commentEndInAFormula_isASyntaxError() {
    JavaFileObject src =
        spec("Evil", "@Activation(", "    formula = \"x */ System.exit(4); /* x\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifySyntax] formula:4: expected a number, a name or '('")
        .inFile(src)
        .onLineContaining("formula =");
  }

  @Test
  void quotesAndBackslashesInAName_areAnErrorThatShowsThemEscaped() {
    JavaFileObject src =
        spec("Evil", "@Activation(", "    name = \"re\\\"lu\\\\\", formula = \"max(x, 0)\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifyInvalidName] activation name 're\\u0022lu\\u005c'")
        .inFile(src)
        .onLineContaining("name =");
  }

  @Test
  void codeInAParameterName_isNotAnIdentifier() {
    JavaFileObject src =
        spec(
            "Evil",
            "@Activation(",
            "    formula = \"x\",",
            "    params = @Param(name = \"k; static { System.exit(5); } double j\", value = 1))");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifyInvalidParamName]")
        .inFile(src)
        .onLineContaining("params =");
  }

  @Test
  void javaKeywordAsAParameterName_getsASafeFieldName_andWorks() throws Exception {
    JavaFileObject src =
        spec(
            "Keyword",
            "@Activation(",
            "    formula = \"class * x\",",
            "    params = @Param(name = \"class\", value = 2))");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    Activation layer = (Activation) load(c, "test.KeywordLayer");
    assertEquals(6f, layer.apply(3f));
    assertEquals("class", layer.info().params().get(0).name());
  }

  @Test
  void commentEndAndUnicodeEscapesInTheDescription_areEscaped_andKeptVerbatimInInfo()
      throws Exception {
    String description = "ends the comment */ static { System.exit(6); } /* \\u002a/ \\u0022 $L";
    JavaFileObject src =
        spec(
            "Described",
            "@Activation(",
            "    formula = \"max(x, 0)\",",
            "    description = \""
                + description.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\")");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    String generated =
        c.generatedSourceFile("test.DescribedLayer").orElseThrow().getCharContent(false).toString();
    String javadoc = generated.substring(generated.indexOf("/**"), generated.indexOf("*/") + 2);
    assertFalse(javadoc.contains("System.exit(6); } /*"), "the description's */ ended the comment");
    assertTrue(javadoc.contains("*&#47;"), javadoc);
    assertFalse(javadoc.contains("\\u"), "a unicode escape in a comment is still read by javac");
    ActivationFunction layer = load(c, "test.DescribedLayer");
    assertEquals(description, layer.info().description());
    assertEquals(0f, ((Activation) layer).apply(-1f));
  }
}
