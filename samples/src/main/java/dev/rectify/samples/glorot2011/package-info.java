/**
 * Glorot, Bordes and Bengio (2011), "Deep Sparse Rectifier Neural Networks": rectifier vs tanh vs
 * softplus vs sigmoid MLPs trained without pre-training, with test error and the fraction of exact
 * zeros per hidden layer, optionally with the L1 activation penalty and the variant in which half
 * of the units' outputs are negated.
 *
 * @see dev.rectify.samples.glorot2011.Glorot2011
 */
package dev.rectify.samples.glorot2011;
