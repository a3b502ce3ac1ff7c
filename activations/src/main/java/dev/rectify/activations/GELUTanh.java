package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** GELU's tanh approximation (Hendrycks and Gimpel 2016), PyTorch's approximate = "tanh". */
@Activation(
    name = "gelu-tanh",
    formula = "0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))")
public interface GELUTanh {}
