package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.kernel.KernelProvider;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits interpreted as compiled. The Vector API runs Java fallbacks
 * in the interpreter and C1 and the JIT's intrinsics in C2 code; where those differ (lanewise EXP
 * on floats calls the vector math library in one and Math.exp in the other), a run that starts cold
 * would not repeat a run that started warm, and a resumed checkpoint would not end where the
 * uninterrupted run did. This test computes every activation's forward, gradient and training
 * backward here after {@link Sweep#warmUp} (C2) and in a child JVM under {@code -Xint}, and
 * compares digests.
 */
class TierDeterminismTest {
  /** Every 97th input of the sweep: 1,100 values over all binades, the kinks and the grid. */
  private static final int STRIDE = 97;

  /** The inputs, one row holding halves a | b for the gated forms; built once, copied per use. */
  private static final Tensor INPUT = input();

  private static Tensor input() {
    float[] sweep = Sweep.inputs();
    int n = (sweep.length + STRIDE - 1) / STRIDE;
    Tensor in = Tensor.zeros(1, 2 * n);
    for (int i = 0; i < 2 * n; i++) {
      in.data()[i] = sweep[(i * STRIDE / 2 + i % 2 * 7) % sweep.length];
    }
    return in;
  }

  @Test
  void vectorKernels_sameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
    assumeTrue(KernelProvider.vectorEnabled(), "needs --add-modules jdk.incubator.vector");
    Map<String, Long> compiled = new TreeMap<>();
    for (ActivationFunction f : Activations.all()) {
      Sweep.warmUp(f.newLayer(), 256);
      compiled.put(f.name(), digest(f));
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName())
            .redirectErrorStream(false)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, child.waitFor(5, TimeUnit.MINUTES), "the -Xint child did not finish");
    assertEquals(0, child.exitValue(), "the -Xint child failed: " + out);
    Map<String, Long> interpreted = new TreeMap<>();
    for (String line : out.strip().split("\n")) {
      String[] kv = line.split(" ");
      interpreted.put(kv[0], Long.parseUnsignedLong(kv[1], 16));
    }
    assertEquals(compiled.keySet(), interpreted.keySet());
    List<String> differ = new ArrayList<>();
    for (String name : compiled.keySet()) {
      if (!compiled.get(name).equals(interpreted.get(name))) {
        differ.add(name);
      }
    }
    assertEquals(List.of(), differ, "activations whose kernels give other bits under -Xint");
  }

  /** The -Xint side: one line per activation, its name and digest. */
  public static final class Child {
    public static void main(String[] args) {
      StringBuilder out = new StringBuilder();
      for (ActivationFunction f : Activations.all()) {
        out.append(f.name()).append(' ').append(Long.toHexString(digest(f))).append('\n');
      }
      System.out.print(out);
    }
  }

  /** A digest of the bits of eval forward, training forward and backward over the inputs. */
  static long digest(ActivationFunction f) {
    Tensor in = INPUT.copy(); // a layer may compute in place
    int n = in.size() / 2;
    Layer layer = f.newLayer();
    int[] outShape = layer.build(new int[] {2 * n});
    Tensor dy = Tensor.zeros(1, outShape[0]);
    for (int i = 0; i < dy.size(); i++) {
      dy.data()[i] = 1f + i % 5 * 0.25f;
    }
    long h = 1;
    h = mix(h, layer.forward(in, ForwardContext.EVAL).data());
    h = mix(h, layer.forward(in, ForwardContext.training(3)).data());
    h = mix(h, layer.backward(dy).data());
    return h;
  }

  private static long mix(long h, float[] values) {
    for (float v : values) {
      h = h * 0x9E3779B97F4A7C15L + Float.floatToRawIntBits(v);
    }
    return h;
  }
}
