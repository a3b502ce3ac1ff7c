package dev.rectify.data;

/**
 * Two disjoint parts of a dataset: the part to train on, and a held-out part (a test set, or a
 * validation set when split from training data with {@link Dataset#split}).
 */
public record DatasetSplit(Dataset train, Dataset test) {}
