package dev.rectify.processor.diag;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * The findings about one spec, collected before anything is printed or generated (dagger's
 * ValidationReport). A spec with three mistakes gets three errors, and a class is generated only
 * when {@link #isClean()}.
 *
 * <pre>{@code
 * ValidationReport.Builder report = ValidationReport.about(type, mirror);
 * report.error(Message.DUPLICATE_PARAM, paramsValue, "alpha");
 * ...
 * ValidationReport r = report.build();
 * r.printTo(messager);
 * if (r.isClean()) { generate(); }
 * }</pre>
 */
public final class ValidationReport {

  /** One finding, anchored on the element, the annotation and (when known) the value. */
  public record Item(
      Message message,
      String text,
      Element element,
      AnnotationMirror mirror,
      AnnotationValue value) {}

  private final List<Item> items;

  private ValidationReport(List<Item> items) {
    this.items = List.copyOf(items);
  }

  public static Builder about(Element element, AnnotationMirror mirror) {
    return new Builder(element, mirror);
  }

  public List<Item> items() {
    return items;
  }

  /** Whether no item is an error (warnings are allowed). */
  public boolean isClean() {
    return items.stream().noneMatch(i -> i.message().kind() == Kind.ERROR);
  }

  /** Prints every item through {@code messager}, on the annotation value where there is one. */
  public void printTo(Messager messager) {
    for (Item i : items) {
      if (i.value() != null) {
        messager.printMessage(i.message().kind(), i.text(), i.element(), i.mirror(), i.value());
      } else if (i.mirror() != null) {
        messager.printMessage(i.message().kind(), i.text(), i.element(), i.mirror());
      } else {
        messager.printMessage(i.message().kind(), i.text(), i.element());
      }
    }
  }

  /** Collects items about one annotated element. */
  public static final class Builder {
    private final Element element;
    private final AnnotationMirror mirror;
    private final List<Item> items = new ArrayList<>();

    private Builder(Element element, AnnotationMirror mirror) {
      this.element = element;
      this.mirror = mirror;
    }

    /** A finding about an annotation value ({@code value} may be null: the annotation itself). */
    public Builder report(Message message, AnnotationValue value, Object... args) {
      items.add(new Item(message, message.format(args), element, mirror, value));
      return this;
    }

    /**
     * A finding inside a formula: the message names the attribute and the 1-based column, and shows
     * the formula with a caret under that column (javac itself can only underline the whole string
     * literal).
     */
    public Builder reportInFormula(
        Message message,
        AnnotationValue value,
        String attribute,
        String formula,
        int offset,
        String text) {
      String full =
          "["
              + message.code()
              + "] "
              + attribute
              + ":"
              + (offset + 1)
              + ": "
              + stripCode(text)
              + "\n"
              + caret(formula, offset);
      items.add(new Item(message, full, element, mirror, value));
      return this;
    }

    public boolean hasErrors() {
      return items.stream().anyMatch(i -> i.message().kind() == Kind.ERROR);
    }

    public ValidationReport build() {
      return new ValidationReport(items);
    }

    private static String stripCode(String text) {
      return text.startsWith("[") && text.indexOf("] ") > 0
          ? text.substring(text.indexOf("] ") + 2)
          : text;
    }

    /** The formula (shortened around the offset when long) and a caret line. */
    static String caret(String formula, int offset) {
      String shown = formula;
      int at = Math.max(0, Math.min(offset, formula.length()));
      int from = 0;
      if (formula.length() > 100) {
        from = Math.max(0, at - 50);
        int to = Math.min(formula.length(), from + 100);
        shown =
            (from > 0 ? "..." : "")
                + formula.substring(from, to)
                + (to < formula.length() ? "..." : "");
        at = at - from + (from > 0 ? 3 : 0);
      }
      StringBuilder safe = new StringBuilder();
      for (int i = 0; i < shown.length(); i++) {
        char c = shown.charAt(i);
        safe.append(
            c < 0x20 || c == 0x7f ? '?' : c); // control characters would garble the terminal
      }
      return "    " + safe + "\n    " + " ".repeat(at) + "^";
    }
  }
}
