package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The hyperbolic tangent; its derivative is stated in terms of the output, so backward keeps y. */
@Activation(name = "tanh", formula = "tanh(x)", derivative = "1 - y^2")
public interface Tanh {}
