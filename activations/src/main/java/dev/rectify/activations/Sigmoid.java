package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The logistic sigmoid; its derivative is stated in terms of the output, so backward keeps y. */
@Activation(name = "sigmoid", formula = "sigmoid(x)", derivative = "y * (1 - y)")
public interface Sigmoid {}
