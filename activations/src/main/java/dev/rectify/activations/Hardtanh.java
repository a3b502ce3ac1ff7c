package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Hard tanh (Collobert 2004), clamping to [-1, 1] as PyTorch's nn.Hardtanh. */
@Activation(name = "hardtanh", formula = "clamp(x, -1, 1)")
public interface Hardtanh {}
