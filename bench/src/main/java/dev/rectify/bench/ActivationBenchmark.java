package dev.rectify.bench;

import dev.rectify.init.Init;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.nn.UnaryActivationLayer;
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
 * One generated activation layer, forward and forward+backward, over N(0, 1) inputs in random or
 * sorted order, or both alternating (the branch-free check: both orders must cost the same). Divide
 * the score by {@code size} for ns per element, the unit PyTorch's anchor prints.
 *
 * <p>The branch-free check runs {@code order=alternating}: random input on even iterations and
 * sorted on odd ones, warm-up and measurement counted apart, so that measured iterations 0, 2, 4, 6
 * see random input and 1, 3, 5, 7 sorted (the JSON's rawData keeps that order; {@code
 * bench/report.py} splits it). Separate JVMs per order, as {@code random} and {@code sorted} run,
 * moved a memory-bound kernel such as ReLU's by 10-17 % between runs, from where the arrays lay
 * alone; one JVM and one input array rule that out.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ActivationBenchmark -p activation=relu,gelu -p size=1048576
 * java -jar bench/target/benchmarks.jar 'ActivationBenchmark.forwardBackward' -f 1 -i 8 \
 *     -p order=alternating -p size=1048576
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime) // time per call: divided by size it is ns per element
@OutputTimeUnit(TimeUnit.MICROSECONDS) // a 1M-float pass takes hundreds of microseconds
@Warmup(iterations = 3, time = 1) // C2 compiles the kernels within the first second
@Measurement(iterations = 5, time = 1) // five samples per fork: enough for a median
@Fork(
    value = 2,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // 2 forks: noisy shared cores
@State(Scope.Thread)
public class ActivationBenchmark {

  /** Every one-input activation of the zoo; pick some with {@code -p activation=relu,gelu}. */
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

  /** The Vector API kernels (when the layer has them) or the scalar loops, in the same JVM. */
  @Param({"vector", "scalar"})
  public String kernels;

  @Param({"65536", "1048576", "16777216"})
  public int size;

  @Param({"random", "sorted", "alternating"})
  public String order;

  private Layer layer;
  private float[] random;
  private float[] sorted;
  private Tensor dy;
  private ForwardContext training;

  /** The input, one array whatever the order: the iteration's order is copied into it. */
  private Tensor x;

  private int warmups;
  private int measurements;

  @Setup(Level.Trial)
  public void setUp() {
    layer = Activations.byName(activation).newLayer();
    layer.build(new int[] {size});
    if (kernels.equals("scalar")) {
      ((UnaryActivationLayer) layer).scalarKernels();
    }
    SplittableRandom r = new SplittableRandom(42);
    random = normal(size, r);
    dy = Tensor.wrap(normal(size, r), 1, size);
    sorted = random.clone();
    Arrays.sort(sorted);
    x = Tensor.wrap(new float[size], 1, size);
    training = ForwardContext.training(7);
  }

  /** {@code size} draws from N(0, 1). */
  private static float[] normal(int size, SplittableRandom r) {
    Tensor t = Tensor.zeros(1, size);
    Init.normal(t, 1.0, r);
    return t.data();
  }

  /** Copies this iteration's order into the input (see the class comment for alternating). */
  @Setup(Level.Iteration)
  public void pickOrder(IterationParams iteration) {
    int index = iteration.getType() == IterationType.MEASUREMENT ? measurements++ : warmups++;
    boolean sortedNow = order.equals("sorted") || (order.equals("alternating") && index % 2 == 1);
    System.arraycopy(sortedNow ? sorted : random, 0, x.data(), 0, size);
  }

  /** Evaluation-mode forward: no state kept for backward. */
  @Benchmark
  public Tensor forward() {
    return layer.forward(x, ForwardContext.EVAL);
  }

  /** Training forward (keeps the mask, output or input) and backward. */
  @Benchmark
  public Tensor forwardBackward() {
    layer.forward(x, training);
    return layer.backward(dy);
  }
}
