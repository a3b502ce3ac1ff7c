/**
 * Loss functions: a batch of model outputs and integer labels in, the mean loss and dLoss/dOutput
 * out. Start with {@link dev.rectify.loss.SoftmaxCrossEntropy} for classification.
 *
 * @see dev.rectify.loss.Loss
 */
package dev.rectify.loss;
