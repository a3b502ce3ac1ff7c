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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One generated activation layer, forward and forward+backward, over N(0, 1) inputs in random or
 * sorted order (the branch-free check: both orders must cost the same). Divide the score by {@code
 * size} for ns per element, the unit PyTorch's anchor prints.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ActivationBenchmark -p activation=relu,gelu -p size=1048576
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

  @Param({"random", "sorted"})
  public String order;

  private Layer layer;
  private Tensor x;
  private Tensor dy;
  private ForwardContext training;

  @Setup
  public void setUp() {
    layer = ZooLayers.newLayer(activation, kernels, size);
    SplittableRandom random = new SplittableRandom(42);
    x = ZooLayers.normal(size, random);
    dy = ZooLayers.normal(size, random);
    if (order.equals("sorted")) {
      Arrays.sort(x.data());
    }
    training = ForwardContext.training(7);
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
