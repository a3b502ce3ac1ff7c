package dev.rectify.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * How fast the CPU this JVM runs on is right now: eight dependent chains of scalar FMAs that touch
 * no memory, timed in 20 slices of 2M steps, the median in ns per 1000 steps. Our code plays no
 * part, so when it runs slower than the sitting's best the machine was slower (bench/README.md,
 * "One kernel, two speeds": on this 2-vCPU VM one vCPU ran it 1.33-1.40 while the other took
 * 1.40-1.88 in the same minutes, and a JVM whose kernel ran at the slow speed ran this loop 3.6x
 * slower too).
 *
 * <pre>
 * taskset -c 0 java -cp bench/target/benchmarks.jar dev.rectify.bench.MachineProbe
 * </pre>
 */
public final class MachineProbe {
  private MachineProbe() {}

  /** Keeps the chains' results alive, so that the JIT cannot drop the loop. */
  private static double sink;

  public static void main(String[] args) {
    double[] slices = new double[20];
    for (int round = 0; round < 3; round++) { // the first rounds run interpreted and in C1
      for (int s = 0; s < slices.length; s++) {
        slices[s] = slice(2_000_000);
      }
    }
    Arrays.sort(slices);
    System.out.printf(
        Locale.ROOT, "%.0f ns per 1000 steps (checksum %.3g)%n", slices[slices.length / 2], sink);
  }

  /** ns per 1000 steps of {@code steps} steps. */
  private static double slice(int steps) {
    double a = 1.0000001;
    double b = 0.9999999;
    double c0 = 0.1, c1 = 0.2, c2 = 0.3, c3 = 0.4, c4 = 0.5, c5 = 0.6, c6 = 0.7, c7 = 0.8;
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      // eight independent chains keep the FMA units busy: latency-bound per chain, as kernels are
      c0 = Math.fma(c0, a, b);
      c1 = Math.fma(c1, a, b);
      c2 = Math.fma(c2, a, b);
      c3 = Math.fma(c3, a, b);
      c4 = Math.fma(c4, a, b);
      c5 = Math.fma(c5, a, b);
      c6 = Math.fma(c6, a, b);
      c7 = Math.fma(c7, a, b);
    }
    long elapsed = System.nanoTime() - t0;
    sink += c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7;
    return elapsed * 1000.0 / steps;
  }
}
