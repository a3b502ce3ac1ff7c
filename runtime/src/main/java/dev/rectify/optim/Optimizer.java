package dev.rectify.optim;

import dev.rectify.nn.Parameter;
import java.util.List;

/**
 * Updates a model's trainable parameters from their accumulated gradients.
 *
 * <pre>{@code
 * Optimizer sgd = Sgd.builder(model.parameters()).learningRate(0.05).momentum(0.9).build();
 * sgd.zeroGrad();
 * model.backward(loss.backward());   // accumulates into each Parameter.grad()
 * sgd.step();
 * }</pre>
 *
 * <p>Buffers ({@link Parameter#isTrainable()} false) are never touched. Weight decay, where an
 * optimizer has it, applies only to parameters with {@link Parameter#weightDecay()}: that flag is
 * Rectify's form of PyTorch's parameter groups with {@code weight_decay=0}.
 */
public interface Optimizer {

  /** A short, lower-case name, also the kind recorded in {@link OptimizerState}. */
  String name();

  /** The trainable parameters this optimizer updates, in the model's order. */
  List<Parameter> parameters();

  /** Applies one update to every parameter from its current gradient. */
  void step();

  /** Sets every gradient to zero, before the next backward accumulates into it. */
  void zeroGrad();

  double learningRate();

  /** Sets the learning rate used from the next {@link #step()} on (schedules call this). */
  void setLearningRate(double learningRate);

  /**
   * A deep copy of everything {@link #step()} depends on besides the parameters: for checkpoints.
   */
  OptimizerState exportState();

  /**
   * Restores a state from {@link #exportState()} of an optimizer of the same kind over parameters
   * of the same shapes. Validates everything first, so a rejected state changes nothing.
   *
   * @throws IllegalArgumentException if the state does not fit this optimizer
   */
  void importState(OptimizerState state);
}
