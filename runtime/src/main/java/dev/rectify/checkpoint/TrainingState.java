package dev.rectify.checkpoint;

/**
 * Where a training run stands, beyond its parameters and optimizer: enough to continue it exactly,
 * since batch order and random draws are pure functions of the seed, epoch and step.
 *
 * @param seed the run's seed
 * @param step the number of optimizer steps taken
 * @param epoch the number of completed epochs, which is the next epoch to run (0-based)
 */
public record TrainingState(long seed, long step, int epoch) {}
