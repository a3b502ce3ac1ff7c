package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Randomized leaky ReLU (Xu et al. 2015): slope ~ U(1/8, 1/3) in training, the mean in eval. */
@Activation(name = "rrelu", formula = "max(x, 0)", negativeSlope = "uniform(1/8, 1/3)")
public interface RReLU {}
