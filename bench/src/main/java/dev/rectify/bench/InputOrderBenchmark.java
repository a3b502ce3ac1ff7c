package dev.rectify.bench;

import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The branch-free check: one activation's forward+backward over the same N(0, 1) values in random
 * order and sorted, which a kernel that branches on the sign would run at different speeds. The two
 * orders alternate from one iteration to the next in one JVM, random first: measured iterations 0,
 * 2, 4, 6 see random input and 1, 3, 5, 7 sorted (the JSON's rawData keeps that order; {@code
 * bench/report.py} splits it). {@link ActivationBenchmark}'s {@code order} parameter runs the
 * orders in separate JVMs instead, whose placement of the arrays alone moved a memory-bound kernel
 * such as ReLU's by 10-17 % between runs. Here both orders are copied into the same array, and the
 * scalar loops are measured as well as the vector kernels.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar InputOrderBenchmark -p activation=relu,gelu
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime) // time per call: divided by size it is ns per element
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1) // both orders seen, kernels compiled, before measuring
@Measurement(iterations = 8, time = 1) // four samples of each order, for a median
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // both orders in the same JVM
@State(Scope.Thread)
public class InputOrderBenchmark {

  /** Every one-input activation of the zoo, as in {@link ActivationBenchmark} (see ZooLayers). */
  @Param({
    "relu",
    "leaky-relu",
    "prelu",
    "rrelu",
    "nrelu",
    "relu6",
    "relu2",
    "elu",
    "celu",
    "selu",
    "gelu",
    "gelu-tanh",
    "silu",
    "mish",
    "softplus",
    "sigmoid",
    "tanh",
    "softsign",
    "logsigmoid",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "sugar-bsilu",
    "sugar-nelu",
    "sugar-elu",
    "sugar-selu",
    "sugar-gelu",
    "sugar-silu",
    "sugar-mish",
    "sugar-leaky-relu"
  })
  public String activation;

  /**
   * The Vector API kernels (where the activation has them) or the scalar loops, whose selects are
   * {@code Branchless} calls; both must pass.
   */
  @Param({"vector", "scalar"})
  public String kernels;

  @Param({"1048576"})
  public int size;

  private Layer layer;
  private float[] random;
  private float[] sorted;
  private Tensor dy;
  private ForwardContext training;

  /**
   * The input, one array whatever the order: {@link #random} or {@link #sorted} is copied into it
   * before each iteration, so that where the arrays lie in memory cannot differ between orders.
   */
  private Tensor x;

  private int warmups;
  private int measurements;

  @Setup(Level.Trial)
  public void setUp() {
    layer = ZooLayers.newLayer(activation, kernels, size);
    SplittableRandom r = new SplittableRandom(42);
    random = ZooLayers.normal(size, r).data();
    dy = ZooLayers.normal(size, r);
    sorted = random.clone();
    Arrays.sort(sorted);
    x = Tensor.wrap(new float[size], 1, size);
    training = ForwardContext.training(7);
  }

  /**
   * Random input on even iterations, sorted on odd ones, counting warm-up and measurement apart.
   */
  @Setup(Level.Iteration)
  public void pickOrder(IterationParams iteration) {
    int index = iteration.getType() == IterationType.MEASUREMENT ? measurements++ : warmups++;
    System.arraycopy(index % 2 == 0 ? random : sorted, 0, x.data(), 0, size);
  }

  @Benchmark
  public Tensor forwardBackward() {
    layer.forward(x, training);
    return layer.backward(dy);
  }
}
