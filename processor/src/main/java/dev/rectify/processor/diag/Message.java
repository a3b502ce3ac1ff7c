package dev.rectify.processor.diag;

import javax.tools.Diagnostic.Kind;

/**
 * Every message the processor can print, with a stable code in brackets that users can search for
 * and tests assert on. Named {@code Message} (as in MapStruct) to avoid a clash with {@link
 * javax.tools.Diagnostic}.
 */
public enum Message {
  SYNTAX(Kind.ERROR, "RectifySyntax", "%s"),
  EMPTY_FORMULA(Kind.ERROR, "RectifyEmptyFormula", "%s is empty"),
  TOO_LONG(Kind.ERROR, "RectifyTooLong", "%s is %d characters long; the limit is %d"),
  TOO_DEEP(Kind.ERROR, "RectifyTooDeep", "expression nested more than %d levels deep"),
  TOO_COMPLEX(
      Kind.ERROR,
      "RectifyTooComplex",
      "%s has more than %d nodes once convenience functions are expanded%s; simplify %s"),
  TYPE(Kind.ERROR, "RectifyType", "%s"),
  UNKNOWN_FUNCTION(Kind.ERROR, "RectifyUnknownFunction", "unknown function '%s'%s"),
  UNKNOWN_NAME(Kind.ERROR, "RectifyUnknownName", "unknown name '%s'%s"),
  ARITY(Kind.ERROR, "RectifyArity", "'%s' takes %d argument%s, got %d"),
  WRONG_INPUT(Kind.ERROR, "RectifyWrongInput", "%s"),
  OUTPUT_NOT_ALLOWED(
      Kind.ERROR,
      "RectifyOutputNotAllowed",
      "'y' (the output) may only appear in derivative, to state f' in terms of f"),
  MIXED_DERIVATIVE(
      Kind.ERROR,
      "RectifyMixedDerivative",
      "derivative uses both x (the input) and y (the output); write it in x alone, or in y alone"
          + " (e.g. y * (1 - y)) so that the layer can keep only the output"),
  DRAW_NOT_ALLOWED(
      Kind.ERROR,
      "RectifyDrawNotAllowed",
      "'%s' draws random numbers, which only a one-input formula may do"),
  CONFLICTING_ATTRIBUTES(
      Kind.ERROR, "RectifyConflictingAttributes", "%s and %s cannot be combined: %s"),
  UNSUPPORTED(Kind.ERROR, "RectifyUnsupported", "%s"),
  DUPLICATE_PARAM(Kind.ERROR, "RectifyDuplicateParam", "parameter '%s' is declared twice"),
  UNUSED_PARAM(Kind.WARNING, "RectifyUnusedParam", "parameter '%s' is not used by any formula"),
  RESERVED_NAME(
      Kind.ERROR, "RectifyReservedName", "'%s' is reserved (%s) and cannot name a parameter"),
  INVALID_PARAM_NAME(
      Kind.ERROR, "RectifyInvalidParamName", "parameter name '%s' is not an identifier"),
  INVALID_PARAM_VALUE(
      Kind.ERROR, "RectifyInvalidParamValue", "parameter '%s' has the non-finite value %s"),
  INVALID_NAME(
      Kind.ERROR,
      "RectifyInvalidName",
      "activation name '%s' must be lower case letters, digits and single dashes, starting with"
          + " a letter (e.g. \"sugar-bsilu\")"),
  DUPLICATE_NAME(Kind.ERROR, "RectifyDuplicateName", "activation name '%s' is already used by %s"),
  NAME_CLASH(
      Kind.ERROR,
      "RectifyNameClash",
      "the generated class %s would clash with %s; rename one of the two types"),
  GENERATED_NAME_TOO_LONG(
      Kind.ERROR,
      "RectifyNameTooLong",
      "the generated class %s needs a file name of %d bytes; file systems allow %d: shorten the"
          + " type's name"),
  BAD_TARGET(Kind.ERROR, "RectifyBadTarget", "@Activation %s"),
  WRONG_DERIVATIVE(
      Kind.ERROR,
      "RectifyWrongDerivative",
      "derivative disagrees with d/dx of the formula at x = %s: declared %s, symbolic %s"),
  NOT_FINITE(
      Kind.ERROR,
      "RectifyNotFinite",
      "%s gives %s at the finite input x = %s, and no stable rewrite is known"),
  INTERNAL_ERROR(
      Kind.ERROR,
      "RectifyInternalError",
      "internal error in Rectify processor, please report it: %s");

  private final Kind kind;
  private final String code;
  private final String format;

  Message(Kind kind, String code, String format) {
    this.kind = kind;
    this.code = code;
    this.format = format;
  }

  public Kind kind() {
    return kind;
  }

  /** The stable code, without brackets. */
  public String code() {
    return code;
  }

  /** {@code [Code] formatted text}. */
  public String format(Object... args) {
    return "[" + code + "] " + String.format(java.util.Locale.ROOT, format, args);
  }
}
