/**
 * Checkpoints: a model's parameters, its optimizer's state and the trainer's position, written
 * atomically and verified on load, so training resumes bit for bit. Start with {@link
 * dev.rectify.checkpoint.Checkpoint}.
 *
 * @see dev.rectify.checkpoint.Checkpoint
 */
package dev.rectify.checkpoint;
