package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The gated linear unit (Dauphin et al. 2017) over the halves a | b of the last dimension. */
@Activation(name = "glu", formula = "a * sigmoid(b)")
public interface GLU {}
