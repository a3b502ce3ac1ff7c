/**
 * What the CLI and the paper reproductions share: dataset choice ({@link
 * dev.rectify.samples.run.DataChoice}), model specs such as {@code mlp:1000x3} ({@link
 * dev.rectify.samples.run.ModelSpec}), one seeded training run composed on the runtime's {@code
 * Trainer} ({@link dev.rectify.samples.run.TrainingRun}), several of them under identical seeds
 * ({@link dev.rectify.samples.run.Comparison}), and the tables and plots they write.
 *
 * @see dev.rectify.samples.run.TrainingRun
 */
package dev.rectify.samples.run;
