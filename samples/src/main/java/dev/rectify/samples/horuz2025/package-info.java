/**
 * Horuz et al. (2025), "The Resurrection of the ReLU": ReLU, ReLU with surrogate gradients (SUGAR:
 * B-SiLU, NeLU, ELU, SELU, GELU, SiLU, Mish, Leaky ReLU) and those activations used as they are, in
 * settings where ReLUs die (a VGG-style CNN without batch norm, a deep narrow MLP), with dead units
 * per layer over training, sparsity and accuracy over several seeds.
 *
 * @see dev.rectify.samples.horuz2025.Sugar2025
 */
package dev.rectify.samples.horuz2025;
