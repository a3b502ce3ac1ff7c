package dev.rectify.nn;

/**
 * A gated activation of two inputs {@code a} and {@code b} (GLU: {@code a * sigmoid(b)}, SwiGLU:
 * {@code silu(a) * b}). As a layer it splits its input's last dimension into halves {@code a | b}
 * and halves it.
 */
public interface GatedActivation extends ActivationFunction {

  /** f(a, b) in evaluation mode. */
  float apply(float a, float b);

  /** df/da at (a, b): the factor backward multiplies dLoss/dy by to get dLoss/da. */
  float gradientA(float a, float b);

  /** df/db at (a, b). */
  float gradientB(float a, float b);
}
