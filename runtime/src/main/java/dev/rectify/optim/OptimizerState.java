package dev.rectify.optim;

import java.util.List;

/**
 * A snapshot of an optimizer: its kind, how many steps it took, its learning rate, and its
 * per-parameter buffers (momentum, Adam's moments) in a fixed order.
 *
 * @param kind the optimizer's {@link Optimizer#name()}
 * @param steps the number of {@link Optimizer#step()} calls so far (Adam's bias correction needs
 *     it)
 * @param learningRate the current learning rate
 * @param slots the buffers, one per (parameter, buffer kind), named {@code "<parameter>.<buffer>"}
 */
public record OptimizerState(String kind, long steps, double learningRate, List<Slot> slots) {

  public OptimizerState {
    slots = List.copyOf(slots);
  }

  /** One named float buffer of an optimizer. */
  public record Slot(String name, float[] values) {}
}
