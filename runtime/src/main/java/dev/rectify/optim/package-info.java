/**
 * Optimizers and learning-rate schedules, with PyTorch's update rules: {@link
 * dev.rectify.optim.Sgd} (momentum, Nesterov, weight decay), {@link dev.rectify.optim.Adam} and
 * {@link dev.rectify.optim.AdamW}. Start with {@link dev.rectify.optim.Optimizer}.
 *
 * @see dev.rectify.optim.Optimizer
 * @see dev.rectify.optim.LearningRateSchedule
 */
package dev.rectify.optim;
