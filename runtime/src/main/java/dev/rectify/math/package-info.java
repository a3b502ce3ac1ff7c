/**
 * Numerics shared by generated kernels, the processor's compile-time interpreter and tests:
 * accurate special functions and counter-based random numbers.
 *
 * @see dev.rectify.math.CounterRandom
 */
package dev.rectify.math;
