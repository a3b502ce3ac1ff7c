/**
 * The runtime's one data type: {@link dev.rectify.tensor.Tensor}, a row-major float array with a
 * shape.
 *
 * @see dev.rectify.tensor.Tensor
 */
package dev.rectify.tensor;
