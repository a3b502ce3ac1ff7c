package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** SwiGLU (Shazeer 2020). */
@Activation(name = "swiglu", formula = "silu(a) * b")
public interface SwiGLU {}
