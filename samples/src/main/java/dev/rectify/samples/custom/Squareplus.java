package dev.rectify.samples.custom;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/**
 * Squareplus (Barron 2021), a softplus look-alike made of algebra only: (x + sqrt(x² + beta)) / 2.
 * Not in Rectify's zoo, which is the point: this is what a user adds in their own project. The
 * processor differentiates it (1/2 + x / (2 sqrt(x² + beta))) and checks it numerically at compile
 * time.
 */
@Activation(
    name = "squareplus",
    formula = "(x + sqrt(x^2 + beta)) / 2",
    params = @Param(name = "beta", value = 4))
public interface Squareplus {}
