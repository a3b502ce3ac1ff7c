package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** The log of the sigmoid, as PyTorch's nn.LogSigmoid. */
@Activation(name = "logsigmoid", formula = "log(sigmoid(x))")
public interface LogSigmoid {}
