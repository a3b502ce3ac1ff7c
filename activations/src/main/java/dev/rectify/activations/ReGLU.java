package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** ReGLU (Shazeer 2020, "GLU variants improve transformer"). */
@Activation(name = "reglu", formula = "relu(a) * b")
public interface ReGLU {}
