package dev.rectify.processor.formula;

/** Binding strength of operators, weakest first (bantam's table). */
enum Precedence {
  NONE,
  TERNARY,
  OR,
  AND,
  COMPARISON,
  SUM,
  PRODUCT,
  PREFIX,
  POWER,
  ATOM
}
