/**
 * Layers and the contract generated activation layers implement: {@link dev.rectify.nn.Layer},
 * {@link dev.rectify.nn.Activation} and its registry {@link dev.rectify.nn.Activations}, and the
 * {@link dev.rectify.nn.FusedEpilogue} through which Dense and Conv2d apply an activation in place.
 *
 * @see dev.rectify.nn.Layer
 * @see dev.rectify.nn.Activations
 */
package dev.rectify.nn;
