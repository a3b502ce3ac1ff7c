package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compileWithVectorKernels;
import static dev.rectify.processor.support.Sources.load;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.rectify.kernel.KernelProvider;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A mask condition that needs double lanes (here a logarithm, which has no tier-deterministic float
 * form) takes the vector kernels' other mask path, each vector's bits reduced across its lanes. No
 * zoo activation has such a condition, so this test compiles one, runs its training forward and
 * backward through the vector kernels, and checks the stored bits through dz = dy * factor against
 * the condition evaluated in Java.
 */
class DoubleLaneMaskTest {
  /** Below, at and around the words' 64 elements and the double lanes' count. */
  private static final int[] SIZES = {1, 3, 4, 5, 63, 64, 65, 127, 130, 1000};

  @Test
  void doubleLaneCondition_storesTheSameBitsAsTheCondition() throws Exception {
    assumeTrue(KernelProvider.vectorEnabled(), "needs --add-modules jdk.incubator.vector");
    Compilation c =
        compileWithVectorKernels(
            spec(
                "LogGate",
                "@Activation(name = \"log-gate\", formula = \"log(abs(x)) > 0 ? x : 0.5 * x\")"));
    assertThat(c).succeeded();
    JavaFileObject kernels =
        c.generatedSourceFile("test.LogGateVectorKernels").orElseThrow(AssertionError::new);
    String source = kernels.getCharContent(true).toString();
    assertEquals(true, source.contains("mask bit: double lanes"), source);
    ActivationFunction gate = load(c, "test.LogGateLayer");
    Random r = new Random(64);
    for (int n : SIZES) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (r.nextGaussian() * 1.5);
      }
      x[0] = n % 2 == 0 ? 1f : -1f; // log(1) = 0: the boundary, bit clear
      Layer layer = gate.newLayer();
      layer.build(new int[] {n});
      Tensor y = layer.forward(Tensor.wrap(x.clone(), 1, n), ForwardContext.training(1));
      float[] ones = new float[n];
      Arrays.fill(ones, 1f);
      float[] dz = layer.backward(Tensor.wrap(ones, 1, n)).data();
      for (int i = 0; i < n; i++) {
        boolean on = Math.log(Math.abs(x[i])) > 0;
        String at = "n = " + n + ", x[" + i + "] = " + x[i];
        assertEquals(on ? 1f : 0.5f, dz[i], at);
        assertEquals(on ? x[i] : 0.5f * x[i], y.data()[i], at);
      }
    }
  }
}
