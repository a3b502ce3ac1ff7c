/**
 * Datasets and how they reach a model: loading MNIST and Fashion-MNIST IDX files and the bundled
 * UCI digits set, finding data folders, normalising, splitting, and seeded shuffled mini-batches.
 * Start with {@link dev.rectify.data.Datasets}; feed a model with {@link
 * dev.rectify.data.BatchIterator}.
 *
 * @see dev.rectify.data.Datasets
 * @see dev.rectify.data.BatchIterator
 */
package dev.rectify.data;
