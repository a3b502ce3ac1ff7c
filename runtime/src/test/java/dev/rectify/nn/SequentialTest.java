package dev.rectify.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.gemm.GemmPool;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SequentialTest {

  /**
   * Large enough (300 × 100 × 64 ≈ 4 MFLOP per product) for the GEMM to split across threads and
   * hand rows to the activation from several workers.
   */
  @Test
  void fusedDenseRelu_isBitIdenticalToUnfused() {
    assertFusionTransparent(
        () -> Sequential.builder(64).dense(100).activation(relu(0.01f)).dense(10).build(1L),
        GradientCheck.random(2L, 300, 64));
  }

  @Test
  void fusedDenseTanh_isBitIdenticalToUnfused() {
    assertFusionTransparent(
        () -> Sequential.builder(64).dense(100).activation(tanh(0.02f)).dense(10).build(3L),
        GradientCheck.random(4L, 300, 64));
  }

  @Test
  void fusedConvRelu_isBitIdenticalToUnfused() {
    assertFusionTransparent(
        () ->
            Sequential.builder(2, 9, 9)
                .conv2d(4, 3, 2, 1)
                .activation(relu(0.01f))
                .flatten()
                .dense(5)
                .build(5L),
        GradientCheck.random(6L, 7, 2, 9, 9));
  }

  private static void assertFusionTransparent(Supplier<Sequential> factory, Tensor x) {
    Sequential fused = factory.get();
    Sequential plain = factory.get().fusion(false);
    ForwardContext context = ForwardContext.training(7L);
    Tensor yFused = fused.forward(x, context).copy();
    Tensor yPlain = plain.forward(x, context).copy();
    // the fused path really ran: the producer's and the activation's outputs are one buffer
    assertSame(fused.outputs().get(0), fused.outputs().get(1));
    assertNotSame(plain.outputs().get(0), plain.outputs().get(1));
    assertArrayEquals(yPlain.data(), yFused.data());
    assertArrayEquals(plain.outputs().get(1).data(), fused.outputs().get(1).data());
    assertEquals(plain.activityPenalty(), fused.activityPenalty());
    assertTrue(fused.activityPenalty() > 0);

    Tensor dy = GradientCheck.random(8L, yFused.shape());
    float[] dxFused = fused.backward(dy).data().clone();
    float[] dxPlain = plain.backward(dy).data().clone();
    assertArrayEquals(dxPlain, dxFused);
    List<Parameter> pf = fused.parameters();
    List<Parameter> pp = plain.parameters();
    for (int i = 0; i < pf.size(); i++) {
      assertArrayEquals(pp.get(i).grad().data(), pf.get(i).grad().data(), pf.get(i).name());
    }
  }

  @Test
  void backwardParameters_givesBackwardsParameterGradients_dense() {
    assertParameterGradientsMatch(
        () ->
            Sequential.builder(64)
                .dense(100)
                .activation(relu(0.01f))
                .dense(30)
                .activation(tanh(0.0f))
                .dense(10)
                .build(21L),
        GradientCheck.random(22L, 50, 64));
  }

  /** A first layer without parameters is skipped; the unfused convolution after it is first. */
  @Test
  void backwardParameters_givesBackwardsParameterGradients_conv() {
    assertParameterGradientsMatch(
        () ->
            Sequential.builder(2, 9, 9)
                .avgPool2d(1)
                .conv2d(4, 3, 2, 1)
                .flatten()
                .dense(20)
                .activation(relu(0.0f))
                .dense(5)
                .build(23L),
        GradientCheck.random(24L, 7, 2, 9, 9));
  }

  private static void assertParameterGradientsMatch(Supplier<Sequential> factory, Tensor x) {
    Sequential full = factory.get();
    Sequential params = factory.get();
    ForwardContext context = ForwardContext.training(25L);
    Tensor y = full.forward(x, context);
    params.forward(x, context);
    Tensor dy = GradientCheck.random(26L, y.shape());
    full.backward(dy);
    params.backwardParameters(dy);
    List<Parameter> pf = full.parameters();
    List<Parameter> pp = params.parameters();
    for (int i = 0; i < pf.size(); i++) {
      assertTrue(Arrays.stream(toDoubles(pf.get(i).grad().data())).anyMatch(v -> v != 0));
      assertArrayEquals(pf.get(i).grad().data(), pp.get(i).grad().data(), pf.get(i).name());
    }
  }

  private static double[] toDoubles(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  /**
   * Dense's backward through an activation computes dZ on every pool thread once dZ is large (256 ×
   * 300 here, five row blocks): the same bits on 1, 2 and 3 threads, bias gradient included.
   */
  @Test
  void denseActivationBackward_isBitIdenticalWhateverTheThreadCount() {
    assertStepBitIdenticalOn1To3Threads(
        () ->
            Sequential.builder(64)
                .dense(300)
                .activation(TestActivations.tanh())
                .dense(10)
                .build(22L),
        GradientCheck.random(21L, 256, 64),
        23L);
  }

  /**
   * A training step of a CNN, whose convolution runs samples in parallel and whose Dense GEMMs
   * split across threads, gives the same bits on 1, 2 and 3 threads.
   */
  @Test
  void trainingStep_isBitIdenticalWhateverTheThreadCount() {
    assertStepBitIdenticalOn1To3Threads(
        () ->
            Sequential.builder(3, 12, 12)
                .conv2d(8, 3, 1, 1)
                .activation(TestActivations.relu())
                .avgPool2d(2)
                .flatten()
                .dense(300)
                .activation(TestActivations.tanh())
                .dropout(0.25)
                .dense(10)
                .build(12L),
        GradientCheck.random(11L, 16, 3, 12, 12),
        13L);
  }

  /**
   * Max pooling splits its planes over the threads once it has 2^15 inputs (64 x 8 planes of 11 x
   * 11 here); overlapping windows.
   */
  @Test
  void maxPool_isBitIdenticalWhateverTheThreadCount() {
    assertStepBitIdenticalOn1To3Threads(
        () ->
            Sequential.builder(3, 11, 11)
                .conv2d(8, 3, 1, 1)
                .activation(TestActivations.relu())
                .maxPool2d(3, 2)
                .flatten()
                .dense(10)
                .build(5L),
        GradientCheck.random(7L, 64, 3, 11, 11),
        9L);
  }

  /**
   * One training forward (seed {@code seed}) and backward (of a random gradient, seed {@code seed +
   * 1}) of a fresh model on 1, 2 and 3 GEMM threads: y, dx and every parameter gradient must have
   * the same bits each time.
   */
  private static void assertStepBitIdenticalOn1To3Threads(
      Supplier<Sequential> newModel, Tensor x, long seed) {
    float[][] reference = null;
    try {
      for (int threads : new int[] {1, 2, 3}) {
        GemmPool.setCommonThreads(threads);
        Sequential model = newModel.get();
        Tensor y = model.forward(x, ForwardContext.training(seed));
        float[] dx = model.backward(GradientCheck.random(seed + 1, y.shape())).data();
        List<Parameter> params = model.parameters();
        float[][] bits = new float[2 + params.size()][];
        bits[0] = y.data().clone();
        bits[1] = dx.clone();
        for (int i = 0; i < params.size(); i++) {
          bits[2 + i] = params.get(i).grad().data().clone();
        }
        if (reference == null) {
          reference = bits;
        } else {
          for (int i = 0; i < bits.length; i++) {
            assertArrayEquals(reference[i], bits[i], "array " + i + " on " + threads + " threads");
          }
        }
      }
    } finally {
      GemmPool.setCommonThreads(Runtime.getRuntime().availableProcessors());
    }
  }

  @Test
  void builder_infersShapesSeedsAndOrder() {
    Sequential model =
        Sequential.builder(1, 8, 8)
            .conv2d(4, 3, 1, 1)
            .batchNorm()
            .activation(TestActivations.relu())
            .maxPool2d(2)
            .residual(b -> b.conv2d(4, 3, 1, 1).activation(TestActivations.tanh()))
            .globalAvgPool()
            .dense(3)
            .build(9L);
    assertArrayEquals(new int[] {4, 8, 8}, model.outputShape(0));
    assertArrayEquals(new int[] {4, 4, 4}, model.outputShape(3));
    assertArrayEquals(new int[] {3}, model.outputShape());
    assertEquals(
        List.of(
            "0.weight",
            "0.bias",
            "1.weight",
            "1.bias",
            "1.running_mean",
            "1.running_var",
            "4.0.weight",
            "4.0.bias",
            "6.weight",
            "6.bias"),
        List.copyOf(model.namedParameters().keySet()));
    assertEquals(List.copyOf(model.namedParameters().values()), model.parameters());

    Sequential again =
        Sequential.builder(1, 8, 8)
            .conv2d(4, 3, 1, 1)
            .batchNorm()
            .activation(TestActivations.relu())
            .maxPool2d(2)
            .residual(b -> b.conv2d(4, 3, 1, 1).activation(TestActivations.tanh()))
            .globalAvgPool()
            .dense(3)
            .build(9L);
    Sequential other = Sequential.builder(1, 8, 8).conv2d(4, 3, 1, 1).build(10L);
    float[] w = model.parameters().get(0).value().data();
    assertArrayEquals(w, again.parameters().get(0).value().data());
    assertFalse(Arrays.equals(w, other.parameters().get(0).value().data()));
    // different layers of one model get different draws
    float[] inner = model.namedParameters().get("4.0.weight").value().data();
    assertFalse(Arrays.equals(Arrays.copyOf(w, 36), Arrays.copyOf(inner, 36)));
  }

  @Test
  void outputs_areEachLayersOutputOfTheLastForward() {
    Sequential model =
        Sequential.of(
                new int[] {5}, new Dense(5, 4, 1L), TestActivations.relu(), new Dense(4, 2, 2L))
            .fusion(false);
    Tensor x = GradientCheck.random(3L, 6, 5);
    Tensor y = model.forward(x, ForwardContext.EVAL);
    List<Tensor> outputs = model.outputs();
    assertEquals(3, outputs.size());
    assertArrayEquals(new int[] {6, 4}, outputs.get(1).shape());
    for (float v : outputs.get(1).data()) {
      assertTrue(v >= 0);
    }
    assertSame(y, outputs.get(2));
    Tensor relu = model.layers().get(1).forward(outputs.get(0), ForwardContext.EVAL);
    assertArrayEquals(relu.data(), outputs.get(1).data());
  }

  @Test
  void mismatchedShapes_nameTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequential.of(new int[] {5}, new Dense(5, 4, 1L), new Dense(3, 2, 2L)));
    assertTrue(e.getMessage().startsWith("layer 1 (dense)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Sequential.builder(1, 4, 4).dense(3).build(1L));
  }

  private static UnaryActivationLayer relu(float l1) {
    return TestActivations.relu().activityL1(l1);
  }

  private static UnaryActivationLayer tanh(float l1) {
    return TestActivations.tanh().activityL1(l1);
  }
}
