/**
 * The training loop: {@link dev.rectify.train.Trainer} runs epochs of seeded mini-batches through
 * any {@link dev.rectify.nn.Layer}, evaluates, logs progress, writes per-epoch metrics (CSV and
 * JSON lines) and checkpoints, and stops at the first non-finite loss or gradient.
 *
 * @see dev.rectify.train.Trainer
 */
package dev.rectify.train;
