package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The sigmoid linear unit (swish with beta = 1). */
@Activation(name = "silu", formula = "x * sigmoid(x)")
public interface SiLU {}
