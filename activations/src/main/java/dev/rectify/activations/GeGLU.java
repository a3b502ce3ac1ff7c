package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** GeGLU (Shazeer 2020), with the exact GELU. */
@Activation(name = "geglu", formula = "gelu(a) * b")
public interface GeGLU {}
