/**
 * The activation zoo: every activation Rectify ships, each declared by one {@link
 * dev.rectify.spec.Activation} annotation on an empty interface. The processor generates a {@code
 * <Name>Layer} next to each and registers it for {@link dev.rectify.nn.Activations#byName(String)};
 * nothing here is hand-written code.
 *
 * @see dev.rectify.activations.ReLU
 */
package dev.rectify.activations;
