package dev.rectify.activations;

import dev.rectify.spec.Activation;

/**
 * Nair and Hinton's noisy rectified linear unit (2010): max(0, x + N(0, sigmoid(x))) in training,
 * max(0, x) in evaluation.
 */
@Activation(name = "nrelu", formula = "max(0, x + normal(0, sqrt(sigmoid(x))))")
public interface NReLU {}
