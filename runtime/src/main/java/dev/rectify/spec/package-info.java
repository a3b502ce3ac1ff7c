/**
 * The annotations users write: {@link dev.rectify.spec.Activation} declares an activation function
 * by its formula, and the Rectify processor generates the layer.
 *
 * @see dev.rectify.spec.Activation
 */
package dev.rectify.spec;
