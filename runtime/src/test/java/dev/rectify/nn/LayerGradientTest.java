package dev.rectify.nn;

import static dev.rectify.nn.GradientCheck.check;
import static dev.rectify.nn.GradientCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of every layer's backward (see {@link GradientCheck} for bounds). */
class LayerGradientTest {
  private static final ForwardContext TRAIN = ForwardContext.training(99L);

  @Test
  void dense_matchesFiniteDifferences() {
    Dense dense = new Dense(7, 5, 1L);
    dense.build(new int[] {7});
    randomizeBias(dense.bias());
    check(dense, random(2L, 4, 7), TRAIN);
  }

  @Test
  void denseFusedWithTanh_matchesFiniteDifferences() {
    Sequential model = Sequential.of(new int[] {9}, new Dense(9, 6, 3L), TestActivations.tanh());
    check(model, random(4L, 5, 9), TRAIN);
  }

  @Test
  void denseFusedWithReluAndActivityPenalty_matchesFiniteDifferences() {
    UnaryActivationLayer relu = TestActivations.relu().activityL1(0.05f);
    Sequential model =
        Sequential.of(new int[] {8}, new Dense(8, 12, 5L), relu, new Dense(12, 3, 6L));
    check(model, random(7L, 6, 8), TRAIN);
  }

  @Test
  void conv2dWithStrideAndPadding_matchesFiniteDifferences() {
    Conv2d conv = new Conv2d(2, 3, 3, 2, 1, 8L);
    conv.build(new int[] {2, 6, 5});
    randomizeBias(conv.bias());
    check(conv, random(9L, 2, 2, 6, 5), TRAIN);
  }

  /**
   * 19 samples: the weight gradient sums three groups of up to 8 (the last one partial), each into
   * a partial sum of its own; a group left out or added twice shows here, where thread counts
   * cannot tell (every thread count would agree on the wrong sum).
   */
  @Test
  void conv2dOverSeveralSampleGroups_matchesFiniteDifferences() {
    Conv2d conv = new Conv2d(1, 2, 3, 1, 1, 16L);
    conv.build(new int[] {1, 4, 4});
    randomizeBias(conv.bias());
    check(conv, random(17L, 19, 1, 4, 4), TRAIN);
  }

  @Test
  void conv2dFusedWithTanh_matchesFiniteDifferences() {
    Sequential model =
        Sequential.of(new int[] {1, 5, 5}, new Conv2d(1, 2, 2, 1, 0, 10L), TestActivations.tanh());
    check(model, random(11L, 3, 1, 5, 5), TRAIN);
  }

  @Test
  void maxPoolOverlapping_matchesFiniteDifferences() {
    MaxPool2d pool = new MaxPool2d(3, 2);
    pool.build(new int[] {2, 7, 6});
    check(pool, random(12L, 2, 2, 7, 6), TRAIN);
  }

  /**
   * Forward against a naive loop that keeps the first maximum of each window (with ties: the inputs
   * are small integers, half of them 0 as after a ReLU), and backward routing each gradient there,
   * adding where overlapping windows share it; 512 planes, enough for the split over threads.
   */
  @Test
  void maxPoolOverlapping_withTies_matchesFirstMaximumReference() {
    int n = 64; // 64 x 8 planes of 9 x 8: enough inputs to split over the GEMM threads
    int c = 8;
    int h = 9;
    int w = 8;
    MaxPool2d pool = new MaxPool2d(3, 2);
    int[] out = pool.build(new int[] {c, h, w});
    SplittableRandom r = new SplittableRandom(21);
    Tensor x = Tensor.zeros(n, c, h, w);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = r.nextBoolean() ? 0f : r.nextInt(4);
    }
    Tensor dy = random(22L, n, out[0], out[1], out[2]);
    float[] y = pool.forward(x, TRAIN).data();
    float[] dx = pool.backward(dy).data();
    float[] expectedDx = new float[x.size()];
    int o = 0;
    for (int plane = 0; plane < n * c; plane++) {
      for (int oh = 0; oh < out[1]; oh++) {
        for (int ow = 0; ow < out[2]; ow++, o++) {
          int best = -1;
          for (int ki = 0; ki < 3; ki++) {
            for (int kj = 0; kj < 3; kj++) {
              int i = (plane * h + oh * 2 + ki) * w + ow * 2 + kj;
              if (best < 0 || x.data()[i] > x.data()[best]) {
                best = i;
              }
            }
          }
          assertEquals(x.data()[best], y[o], "y at " + o);
          expectedDx[best] += dy.data()[o];
        }
      }
    }
    assertArrayEquals(expectedDx, dx);
  }

  @Test
  void avgPoolOverlapping_matchesFiniteDifferences() {
    AvgPool2d pool = new AvgPool2d(3, 2);
    pool.build(new int[] {2, 7, 6});
    check(pool, random(13L, 2, 2, 7, 6), TRAIN);
  }

  @Test
  void globalAvgPool_matchesFiniteDifferences() {
    GlobalAvgPool pool = new GlobalAvgPool();
    pool.build(new int[] {3, 4, 2});
    check(pool, random(14L, 2, 3, 4, 2), TRAIN);
  }

  @Test
  void flatten_matchesFiniteDifferences() {
    Flatten flatten = new Flatten();
    flatten.build(new int[] {2, 3, 2});
    check(flatten, random(15L, 2, 2, 3, 2), TRAIN);
  }

  @Test
  void dropoutInTraining_matchesFiniteDifferences() {
    Dropout dropout = new Dropout(0.3);
    check(dropout, random(16L, 4, 10), TRAIN);
  }

  @Test
  void batchNorm1dTraining_matchesFiniteDifferences() {
    BatchNorm bn = new BatchNorm(4);
    bn.build(new int[] {4});
    randomizeBias(bn.parameters().get(0));
    randomizeBias(bn.parameters().get(1));
    check(bn, random(17L, 6, 4), TRAIN);
  }

  @Test
  void batchNorm2dTraining_matchesFiniteDifferences() {
    BatchNorm bn = new BatchNorm(3);
    bn.build(new int[] {3, 2, 3});
    randomizeBias(bn.parameters().get(0));
    check(bn, random(18L, 2, 3, 2, 3), TRAIN);
  }

  @Test
  void batchNormEvaluation_matchesFiniteDifferences() {
    BatchNorm bn = new BatchNorm(3);
    bn.build(new int[] {3});
    bn.forward(random(19L, 8, 3), TRAIN); // move the running statistics off (0, 1)
    check(bn, random(20L, 5, 3), ForwardContext.EVAL);
  }

  @Test
  void residual_matchesFiniteDifferences() {
    Sequential inner =
        Sequential.of(
            new int[] {6}, new Dense(6, 6, 21L), TestActivations.tanh(), new Dense(6, 6, 22L));
    Residual residual = new Residual(inner);
    residual.build(new int[] {6});
    check(residual, random(23L, 3, 6), TRAIN);
  }

  /**
   * Average rather than max pooling here: a weight step moves every pixel after batch norm, and
   * then some 2×2 window's maximum switches under both steps of the kink test; max pooling's own
   * gradient is checked above with fixed weights.
   */
  @Test
  void smallCnn_endToEnd_matchesFiniteDifferences() {
    Sequential model =
        Sequential.builder(1, 6, 6)
            .conv2d(3, 3, 1, 1)
            .batchNorm()
            .activation(TestActivations.tanh())
            .avgPool2d(2)
            .flatten()
            .dropout(0.2)
            .dense(4)
            .build(24L);
    check(model, random(25L, 3, 1, 6, 6), TRAIN);
  }

  private static void randomizeBias(Parameter p) {
    Tensor r = random(p.name().hashCode(), p.value().shape());
    System.arraycopy(r.data(), 0, p.value().data(), 0, r.size());
  }
}
