package dev.rectify.processor.formula;

import java.util.List;
import java.util.Set;

/**
 * The names one formula may use: its inputs ({@code x}, or {@code a} and {@code b}), the output
 * {@code y} (only in a declared derivative), the declared parameters, and whether random draws are
 * allowed.
 */
public record Scope(
    String attribute,
    List<String> inputs,
    boolean allowsOutput,
    Set<String> params,
    boolean allowsDraws) {

  /** The input names of every form, to tell "wrong input" from "unknown name". */
  static final Set<String> ALL_INPUTS = Set.of("x", "a", "b");

  public Scope {
    inputs = List.copyOf(inputs);
    params = Set.copyOf(params);
  }

  boolean isGated() {
    return inputs.contains("a");
  }
}
