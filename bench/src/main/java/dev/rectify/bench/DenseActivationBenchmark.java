package dev.rectify.bench;

import dev.rectify.gemm.GemmPool;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Sequential;
import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense(1000, 1000) followed by an activation, forward and backward at batch 128: fused (the
 * activation applied to GEMM row blocks while in cache, dZ and the bias gradient in one pass) or as
 * two separate layers. The ratio unfused / fused is the fusion's gain.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DenseActivationBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime) // time per training step of this block
@OutputTimeUnit(TimeUnit.MICROSECONDS) // a 128x1000x1000 GEMM pair takes milliseconds
@Warmup(iterations = 3, time = 1) // C2 compiles GEMM and kernels within the first second
@Measurement(iterations = 5, time = 1) // five samples per fork for a median
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // noisy shared cores
@State(Scope.Thread)
public class DenseActivationBenchmark {

  @Param({"relu", "gelu", "sugar-bsilu"})
  public String activation;

  @Param({"true", "false"})
  public boolean fused;

  /** GEMM threads, the caller included. */
  @Param({"1"})
  public int threads;

  private Sequential block;
  private Tensor x;
  private Tensor dy;
  private ForwardContext training;

  @Setup
  public void setUp() {
    GemmPool.setCommonThreads(threads);
    block =
        Sequential.builder(1000)
            .dense(1000)
            .activation(Activations.byName(activation).newLayer())
            .build(1L)
            .fusion(fused);
    SplittableRandom random = new SplittableRandom(3);
    float[] input = new float[128 * 1000];
    float[] grads = new float[128 * 1000];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble(-1, 1);
      grads[i] = (float) random.nextDouble(-1, 1);
    }
    x = Tensor.wrap(input, 128, 1000);
    dy = Tensor.wrap(grads, 128, 1000);
    training = ForwardContext.training(5);
  }

  /** Forward (Z = XW + b, Y = f(Z)) and backward (dZ, db, dW, dX). */
  @Benchmark
  public Tensor forwardBackward() {
    block.forward(x, training);
    return block.backward(dy);
  }
}
