/**
 * Support for the activation kernels the processor generates: the interfaces a generated Vector API
 * kernel implements, the provider that loads one only when {@code jdk.incubator.vector} is in the
 * boot layer (Lucene's vectorization-provider pattern), and bfloat16 rounding for stored backward
 * factors. The Panama side lives in its own source root, {@code src/main/vector}.
 *
 * @see dev.rectify.kernel.KernelProvider
 */
package dev.rectify.kernel;
