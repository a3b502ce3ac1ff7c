package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The rectified linear unit, max(x, 0) (Nair and Hinton 2010; Glorot, Bordes and Bengio 2011). */
@Activation(name = "relu", formula = "max(x, 0)")
public interface ReLU {}
