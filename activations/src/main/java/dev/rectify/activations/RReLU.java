package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Randomized leaky ReLU: a slope drawn from U(1/8, 1/3) per element in training, the mean in evaluation. */
@Activation(name = "rrelu", formula = "max(x, 0)", negativeSlope = "uniform(1/8, 1/3)")
public interface RReLU {}
