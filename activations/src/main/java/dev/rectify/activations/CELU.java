package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** The continuously differentiable ELU (Barron 2017), as PyTorch's nn.CELU. */
@Activation(
    name = "celu",
    formula = "x > 0 ? x : alpha * (exp(x / alpha) - 1)",
    params = @Param(name = "alpha", value = 1.0))
public interface CELU {}
