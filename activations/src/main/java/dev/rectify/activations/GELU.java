package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The Gaussian error linear unit (Hendrycks and Gimpel 2016), exact form x * Phi(x). */
@Activation(name = "gelu", formula = "0.5 * x * (1 + erf(x / sqrt(2)))")
public interface GELU {}
