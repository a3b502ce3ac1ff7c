package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.kernel.Bf16;
import dev.rectify.nn.Activation;
import dev.rectify.nn.Activations;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.GatedActivationLayer;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Parameter;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer path (training forward, stored mask/output/input/factor, backward, and the fused
 * epilogue that Dense drives row by row, in place) gives exactly the values of the layer's array
 * kernels, which are its vector kernels when the Vector API is enabled and its scalar loops
 * otherwise; a bfloat16 factor is the kernel's factor rounded by {@link Bf16#round}. The scalar
 * methods agree with the scalar loops exactly (and with the vector kernels within the bounds of
 * {@link KernelAgreementTest}).
 */
class LayerPathTest {
  /** [N, C, L] with L = 70 > 64, so each row's mask spans two words. */
  private static final int[] SHAPE = {2, 3, 70};

  private static Tensor random(long seed, float scale) {
    Random r = new Random(seed);
    Tensor t = Tensor.zeros(SHAPE);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (scale * r.nextGaussian());
    }
    d[0] = 0f;
    d[1] = -0f;
    return t;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "relu",
        "leaky-relu",
        "relu6",
        "sugar-bsilu",
        "sigmoid",
        "gelu",
        "hardswish",
        "sugar-leaky-relu",
        "sugar-nelu",
        "silu",
        "tanh"
      })
  void standaloneAndFused_matchArrayKernels(String name) {
    Tensor x = random(1, 4);
    Tensor dy = random(2, 1);
    UnaryActivationLayer layer = (UnaryActivationLayer) Activations.byName(name).newLayer();
    layer.build(new int[] {SHAPE[1], SHAPE[2]});
    float[] expectedY = new float[x.size()];
    float[] factor = new float[x.size()];
    layer.apply(x.data(), 0, expectedY, 0, x.size());
    layer.gradient(x.data(), 0, factor, 0, x.size());
    boolean bf16 = layer.info().storage() == BackwardStorage.BF16_FACTOR;
    Tensor y = layer.forward(x, ForwardContext.training(7));
    Tensor dz = layer.backward(dy).copy();
    float[] yv = y.data().clone();
    for (int i = 0; i < x.size(); i++) {
      float xi = x.data()[i];
      float g = bf16 ? Bf16.widen(Bf16.round(factor[i])) : factor[i];
      assertEquals(expectedY[i], yv[i], name + " forward at " + xi);
      assertEquals(dy.data()[i] * g, dz.data()[i], name + " backward at " + xi);
    }
    if (!layer.vectorized()) {
      Activation scalar = Activations.unary(name);
      for (int i = 0; i < x.size(); i++) {
        assertEquals(scalar.apply(x.data()[i]), expectedY[i], name + " scalar method and loop");
        assertEquals(scalar.gradient(x.data()[i]), factor[i], name + " scalar method and loop");
      }
    }

    UnaryActivationLayer fused = (UnaryActivationLayer) Activations.byName(name).newLayer();
    fused.build(new int[] {SHAPE[1], SHAPE[2]});
    fused.activityL1(0.5f);
    Tensor z = x.copy();
    fused.beginForward(z, ForwardContext.training(7));
    int rows = fused.rows(z);
    // two blocks, the last one first, as GEMM workers may hand them out
    fused.forwardRows(4, rows);
    fused.forwardRows(0, 4);
    fused.finishForward();
    assertArrayEquals(yv, z.data(), name + " fused forward, in place");
    double l1 = 0;
    for (float v : yv) {
      l1 += Math.abs(v);
    }
    // per example: the sum over every row of the batch, divided by the batch size
    assertEquals(
        0.5 * l1 / SHAPE[0], fused.penalty(), 1e-9 * Math.max(1, l1), name + " L1 over all rows");
    fused.activityL1(0f); // the backward below compares against the penalty-free dz
    Tensor g = dy.copy();
    fused.backwardRows(g, g, 0, 1);
    fused.backwardRows(g, g, 1, rows);
    fused.finishBackward(dy);
    assertArrayEquals(dz.data(), g.data(), name + " fused backward, dz aliasing dy");
  }

  @Test
  void backwardAfterAnEvaluationForward_isAnErrorNotAStaleMask() {
    Layer relu = Activations.byName("relu").newLayer();
    relu.build(new int[] {4});
    Tensor x = Tensor.wrap(new float[] {-1, 2, -3, 4}, 1, 4);
    relu.forward(x, ForwardContext.training(1));
    relu.forward(Tensor.wrap(new float[] {5, -6, 7, -8}, 1, 4), ForwardContext.EVAL);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> relu.backward(Tensor.wrap(new float[4], 1, 4)));
    assertEquals(
        "relu: backward needs a training-mode forward (ForwardContext.training) first",
        e.getMessage());
  }

  @Test
  void prelu_perChannelSlopeGradient_matchesSumAndFiniteDifferences() {
    UnaryActivationLayer layer = (UnaryActivationLayer) Activations.byName("prelu").newLayer();
    layer.build(new int[] {SHAPE[1], SHAPE[2]});
    Parameter slope = layer.parameters().get(0);
    assertEquals(SHAPE[1], slope.value().size());
    assertEquals(false, slope.weightDecay());
    float[] init = slope.value().data();
    for (int c = 0; c < init.length; c++) {
      assertEquals(0.25f, init[c]);
      init[c] = 0.1f + 0.2f * c; // distinct per channel, so a channel mix-up shows
    }
    Tensor x = random(3, 2);
    Tensor dy = random(4, 1);
    layer.forward(x, ForwardContext.training(1));
    layer.backward(dy);
    int inner = SHAPE[2];
    for (int c = 0; c < SHAPE[1]; c++) {
      double expected = 0;
      for (int i = 0; i < x.size(); i++) {
        if ((i / inner) % SHAPE[1] == c) {
          expected += dy.data()[i] * Math.min(x.data()[i], 0);
        }
      }
      assertEquals(expected, slope.grad().data()[c], 1e-5 * Math.max(1, Math.abs(expected)));
      // dLoss/da for loss = sum dy * y, by central differences on the layer itself
      float a = init[c];
      init[c] = a + 1e-2f;
      double up = dot(dy, layer.forward(x, ForwardContext.EVAL));
      init[c] = a - 1e-2f;
      double down = dot(dy, layer.forward(x, ForwardContext.EVAL));
      init[c] = a;
      double fd = (up - down) / ((double) (a + 1e-2f) - (a - 1e-2f));
      assertEquals(fd, slope.grad().data()[c], 1e-3 * Math.max(1, Math.abs(fd)));
    }
  }

  private static double dot(Tensor a, Tensor b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += (double) a.data()[i] * b.data()[i];
    }
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"glu", "reglu", "geglu", "swiglu"})
  void gatedLayer_splitsHalvesAndMatchesScalarMethods(String name) {
    // the scalar methods are the scalar loops' arithmetic; vector kernels are compared with them
    // in KernelAgreementTest
    GatedActivationLayer layer = (GatedActivationLayer) Activations.byName(name).newLayer();
    Random r = new Random(5);
    Tensor x = Tensor.zeros(3, 10);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) (3 * r.nextGaussian());
    }
    assertArrayEquals(new int[] {5}, layer.build(new int[] {10}));
    Tensor y = layer.forward(x, ForwardContext.training(1));
    Tensor dy = Tensor.zeros(3, 5).fill(1.5f);
    Tensor dx = ((Layer) layer).backward(dy);
    for (int row = 0; row < 3; row++) {
      for (int j = 0; j < 5; j++) {
        float a = x.data()[row * 10 + j];
        float b = x.data()[row * 10 + 5 + j];
        float ulps = layer.vectorized() ? 8 : 0;
        float f = layer.apply(a, b);
        float da = 1.5f * layer.gradientA(a, b);
        float db = 1.5f * layer.gradientB(a, b);
        assertEquals(f, y.data()[row * 5 + j], ulps * Math.ulp(f));
        assertEquals(da, dx.data()[row * 10 + j], ulps * Math.ulp(da));
        assertEquals(db, dx.data()[row * 10 + 5 + j], ulps * Math.ulp(db));
      }
    }
  }
}
