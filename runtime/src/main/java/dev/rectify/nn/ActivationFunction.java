package dev.rectify.nn;

/**
 * An activation function registered by the processor: either an {@link Activation} of one input or
 * a {@link GatedActivation} of two. Each registered instance is also an untrained {@link Layer};
 * {@link #newLayer()} makes another with the same parameter values.
 */
public interface ActivationFunction {

  /** The registry name ({@code "relu"}, {@code "sugar-bsilu"}). */
  String name();

  /** The formula, backward rule, storage and parameters, as compiled. */
  ActivationInfo info();

  /** A fresh layer with this function's parameter values. */
  Layer newLayer();
}
