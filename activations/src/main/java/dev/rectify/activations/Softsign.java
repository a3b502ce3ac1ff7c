package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Softsign (Bergstra et al. 2009); f' declared in a form that neither cancels nor overflows. */
@Activation(name = "softsign", formula = "x / (1 + abs(x))", derivative = "(1 / (1 + abs(x)))^2")
public interface Softsign {}
