/**
 * Single-precision matrix multiplication for the layers: packed, cache-blocked, register-tiled,
 * multi-threaded and bit-for-bit deterministic whatever the thread count. Start at {@link
 * dev.rectify.gemm.Gemm}; {@link dev.rectify.gemm.GemmPool} owns the threads.
 *
 * @see dev.rectify.gemm.Gemm
 */
package dev.rectify.gemm;
