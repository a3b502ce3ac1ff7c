package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Noisy ReLU (Nair and Hinton 2010): max(0, x + N(0, sigmoid(x))) training, max(0, x) eval. */
@Activation(name = "nrelu", formula = "max(x + normal(0, sqrt(sigmoid(x))), 0)")
public interface NReLU {}
