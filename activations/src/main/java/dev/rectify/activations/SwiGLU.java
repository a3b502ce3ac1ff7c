package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** SwiGLU: silu(a) * b over the halves a | b of the input's last dimension (Shazeer 2020). */
@Activation(name = "swiglu", formula = "silu(a) * b")
public interface SwiGLU {}
