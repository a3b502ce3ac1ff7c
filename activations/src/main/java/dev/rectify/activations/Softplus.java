package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** Softplus (Dugas et al. 2001), with PyTorch's beta and linear regime above the threshold. */
@Activation(
    name = "softplus",
    formula = "beta * x > threshold ? x : softplus(beta * x) / beta",
    params = {@Param(name = "beta", value = 1.0), @Param(name = "threshold", value = 20.0)})
public interface Softplus {}
