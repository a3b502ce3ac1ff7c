package dev.rectify.bench;

import dev.rectify.gemm.GemmPool;
import dev.rectify.loss.SoftmaxCrossEntropy;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Sequential;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.Sgd;
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
 * One training step of Glorot et al.'s MLP, 784-1000-1000-1000-10 at batch 128 with SGD and
 * momentum: the figure PyTorch's anchor ({@code ../shared/bench/pytorch_anchor.py}) prints as the
 * MLP step time.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar MlpStepBenchmark -p threads=1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime) // time per step, as the anchor reports it
@OutputTimeUnit(TimeUnit.MILLISECONDS) // a step takes tens of milliseconds
@Warmup(iterations = 3, time = 2) // the GEMM and the kernels compile within the first seconds
@Measurement(iterations = 5, time = 2) // each sample holds dozens of steps
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // noisy shared cores
@State(Scope.Thread)
public class MlpStepBenchmark {

  @Param({"relu", "gelu", "sugar-bsilu"})
  public String activation;

  /** GEMM threads, the caller included: PyTorch's anchor is run at 1 and at 2. */
  @Param({"1", "2"})
  public int threads;

  private Sequential mlp;
  private Optimizer sgd;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
  private Tensor x;
  private int[] labels;
  private long step;

  @Setup
  public void setUp() {
    GemmPool.setCommonThreads(threads);
    Sequential.Builder b = Sequential.builder(784);
    for (int i = 0; i < 3; i++) {
      b.dense(1000).activation(Activations.byName(activation).newLayer());
    }
    mlp = b.dense(10).build(0L);
    sgd = Sgd.builder(mlp.parameters()).learningRate(0.01).momentum(0.9).build();
    SplittableRandom random = new SplittableRandom(1);
    float[] input = new float[128 * 784];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextDouble();
    }
    x = Tensor.wrap(input, 128, 784);
    labels = new int[128];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(10);
    }
  }

  /**
   * Forward, loss, backward, SGD step. Backward stops at the parameters, as PyTorch's does when the
   * input batch does not require a gradient (the anchor's case): dLoss/dX is never computed.
   */
  @Benchmark
  public double step() {
    sgd.zeroGrad();
    double value = loss.forward(mlp.forward(x, ForwardContext.training(step++)), labels);
    mlp.backwardParameters(loss.backward());
    sgd.step();
    return value;
  }
}
