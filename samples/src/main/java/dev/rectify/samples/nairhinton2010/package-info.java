/**
 * Nair and Hinton (2010), "Rectified Linear Units Improve Restricted Boltzmann Machines": an RBM
 * with binary or noisy rectified (NReLU) hidden units trained with CD-1, judged by reconstruction
 * error, by a linear classifier on its hidden features, and by the error of the network fine-tuned
 * from its weights.
 *
 * @see dev.rectify.samples.nairhinton2010.Rbm
 * @see dev.rectify.samples.nairhinton2010.NairHinton2010
 */
package dev.rectify.samples.nairhinton2010;
