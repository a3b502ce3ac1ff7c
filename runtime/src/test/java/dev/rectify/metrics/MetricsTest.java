package dev.rectify.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.Parameter;
import dev.rectify.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void accuracy_countsArgmaxHits_tiesToLowestIndex() {
    Accuracy accuracy = new Accuracy();
    accuracy.add(
        Tensor.wrap(new float[] {0.1f, 0.9f, 2f, 2f, 5f, Float.NaN}, 3, 2), new int[] {1, 0, 1});
    assertEquals(2, accuracy.correct());
    assertEquals(3, accuracy.count());
    accuracy.add(Tensor.wrap(new float[] {1, 0}, 1, 2), new int[] {1});
    assertEquals(0.5, accuracy.value());
  }

  @Test
  void sparsity_countsExactZerosOnly() {
    ActivationSparsity sparsity = new ActivationSparsity();
    sparsity.add(Tensor.wrap(new float[] {0f, -0f, 1e-30f, 3f}, 2, 2));
    sparsity.add(Tensor.wrap(new float[] {0f, 0f, 0f, 0f}, 1, 4));
    assertEquals(6.0 / 8, sparsity.value());
  }

  @Test
  void deadUnits_perFeature_activeIfPositiveForAnySample() {
    DeadUnits dead = new DeadUnits();
    dead.add(Tensor.wrap(new float[] {0, -1, 2, 0, 0, 0}, 2, 3));
    assertEquals(2, dead.dead());
    dead.add(Tensor.wrap(new float[] {0, 0.5f, 0}, 1, 3));
    assertEquals(1, dead.dead());
    assertTrue(dead.isDead(0));
    assertFalse(dead.isDead(1));
    assertEquals(1.0 / 3, dead.fraction());
  }

  @Test
  void deadUnits_perChannel_forImages() {
    DeadUnits dead = new DeadUnits();
    // [N=2, C=2, H=1, W=2]: channel 0 positive once (sample 1), channel 1 never
    dead.add(Tensor.wrap(new float[] {0, 0, -3, 0, 0, 1, 0, 0}, 2, 2, 1, 2));
    assertEquals(2, dead.units());
    assertFalse(dead.isDead(0));
    assertTrue(dead.isDead(1));
  }

  @Test
  void gradientNorms_groupParametersByLayer_andAverageOverSteps() {
    Parameter w = Parameter.trainable("dense1.weight", Tensor.zeros(2), true);
    Parameter b = Parameter.trainable("dense1.bias", Tensor.zeros(1), false);
    Parameter s = Parameter.trainable("prelu", Tensor.zeros(1), false);
    Parameter buffer = Parameter.buffer("bn.running_mean", Tensor.zeros(1));
    w.grad().data()[0] = 3;
    b.grad().data()[0] = 4;
    s.grad().data()[0] = -2;
    GradientNorms norms = new GradientNorms();
    assertEquals(Map.of("dense1", 5.0, "prelu", 2.0), norms.add(List.of(w, b, s, buffer)));
    b.grad().data()[0] = 0;
    norms.add(List.of(w, b, s, buffer));
    assertEquals(Map.of("dense1", 4.0, "prelu", 2.0), norms.mean());
  }
}
