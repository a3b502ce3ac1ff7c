package dev.rectify.bench;

import dev.rectify.gemm.Gemm;
import dev.rectify.gemm.GemmPool;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square single-precision GEMM, {@code C = A · B}, on the public {@link Gemm} entry point. The
 * scalar and vector variants run the same code: only the JVM flag that makes {@code
 * jdk.incubator.vector} visible differs, so the kernel choice is the library's own. GFLOPS = 2n³ /
 * (time per op): at n = 1024, GFLOPS = 2147.5 / (ms per op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
// Time per multiply is what a layer waits for; GFLOPS follow from it and the size.
@BenchmarkMode(Mode.AverageTime)
// One 1024³ multiply takes tens of milliseconds; smaller sizes take microseconds.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// C2 compiles the micro-kernel within the first second; two more let the caches and pool settle.
@Warmup(iterations = 3, time = 1)
// On two shared cores the spread between forks exceeds that between iterations: fork more.
@Measurement(iterations = 5, time = 1)
// Each variant sets its own JVM flags with a method-level @Fork; this is the default count.
@Fork(2)
@State(Scope.Benchmark)
public class GemmBenchmark {

  /** Matrix order: tiny (overheads), odd (edge tiles, not a multiple of 6 or 16), large. */
  @Param({"64", "255", "1024"})
  public int n;

  /** GEMM threads, the caller included. */
  @Param({"1", "2"})
  public int threads;

  private float[] a;
  private float[] b;
  private float[] c;
  private GemmPool pool;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    a = new float[n * n];
    b = new float[n * n];
    c = new float[n * n];
    for (int i = 0; i < n * n; i++) {
      a[i] = (float) random.nextDouble(-1, 1);
      b[i] = (float) random.nextDouble(-1, 1);
    }
    pool = new GemmPool(threads);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  /** The library without the Vector API: its register-blocked scalar kernel. */
  @Benchmark
  public float[] scalar() {
    return multiply();
  }

  /** The same call with the incubator module visible: the Panama kernel. */
  @Benchmark
  @Fork(jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
  public float[] vector() {
    return multiply();
  }

  /**
   * What a careful hand-written loop reaches: i-k-j order, whose inner loop C2 auto-vectorises, but
   * with no blocking, packing or threads (the threads parameter does not apply).
   */
  @Benchmark
  public float[] baseline() {
    Arrays.fill(c, 0f);
    for (int i = 0; i < n; i++) {
      int row = i * n;
      for (int p = 0; p < n; p++) {
        float aip = a[row + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          c[row + j] += aip * b[bRow + j];
        }
      }
    }
    return c;
  }

  private float[] multiply() {
    Gemm.sgemm(pool, false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, null);
    return c;
  }
}
