package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** SUGAR with the GELU surrogate (Horuz et al. 2025). */
@Activation(name = "sugar-gelu", formula = "max(x, 0)", surrogate = "gelu(x)")
public interface SugarGELU {}
