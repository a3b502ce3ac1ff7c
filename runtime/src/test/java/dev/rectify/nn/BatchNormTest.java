package dev.rectify.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BatchNormTest {

  @Test
  void training_normalisesAndUpdatesRunningStatisticsLikePyTorch() {
    BatchNorm bn = new BatchNorm(1);
    bn.build(new int[] {1, 2});
    Tensor x = Tensor.wrap(new float[] {1, 2, 3, 6}, 2, 1, 2); // mean 3, biased var 3.5
    float[] y = bn.forward(x, ForwardContext.training(1L)).data();
    double inv = 1 / Math.sqrt(3.5 + 1e-5);
    assertEquals((1 - 3) * inv, y[0], 1e-6);
    assertEquals((6 - 3) * inv, y[3], 1e-6);
    // running = 0.9 · running + 0.1 · batch, with the unbiased variance 14 / 3
    assertEquals(0.3, bn.parameters().get(2).value().data()[0], 1e-7);
    assertEquals(0.9 + 0.1 * 14 / 3.0, bn.parameters().get(3).value().data()[0], 1e-6);

    float[] eval = bn.forward(x, ForwardContext.EVAL).data();
    double runningInv = 1 / Math.sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5);
    assertEquals((6 - 0.3) * runningInv, eval[3], 1e-5);
  }

  @Test
  void scaleAndShift_areNotWeightDecayed_statisticsAreBuffers() {
    BatchNorm bn = new BatchNorm(2);
    assertEquals(false, bn.parameters().get(0).weightDecay());
    assertEquals(false, bn.parameters().get(1).weightDecay());
    assertEquals(false, bn.parameters().get(2).isTrainable());
    assertEquals(false, bn.parameters().get(3).isTrainable());
  }
}
