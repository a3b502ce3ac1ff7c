package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Squared ReLU (So et al. 2021, "Primer"). */
@Activation(name = "relu2", formula = "max(x, 0)^2")
public interface ReLU2 {}
