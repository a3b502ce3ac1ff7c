/**
 * Accumulators for what the papers measure, fed with tensors batch by batch so they work with any
 * model: {@link dev.rectify.metrics.Accuracy}, {@link dev.rectify.metrics.ActivationSparsity}
 * (fraction of exact zeros), {@link dev.rectify.metrics.DeadUnits} (never active over a pass) and
 * {@link dev.rectify.metrics.GradientNorms} (per-layer gradient L2 norms).
 *
 * @see dev.rectify.metrics.Accuracy
 */
package dev.rectify.metrics;
