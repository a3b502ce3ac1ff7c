package dev.rectify.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.nn.Parameter;
import dev.rectify.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizer steps against values worked out by hand (SGD) or with PyTorch's update written out in
 * double precision (Adam, AdamW); parameters start at 1 and get the gradients listed.
 */
class OptimizerTest {
  private static final float[] GRADS = {0.5f, -0.2f, 0.3f};

  @Test
  void sgd_momentumAndWeightDecay_matchHandComputedSteps() {
    // g = 0.5 + 0.1 * 1 = 0.6, b = 0.6, p = 1 - 0.1 * 0.6 = 0.94
    // g = 0.5 + 0.1 * 0.94 = 0.594, b = 0.9 * 0.6 + 0.594 = 1.134, p = 0.94 - 0.1134 = 0.8266
    Parameter p = scalar(true);
    Sgd sgd = Sgd.builder(List.of(p)).learningRate(0.1).momentum(0.9).weightDecay(0.1).build();
    assertEquals(0.94f, step(sgd, p, 0.5f), 1e-7f);
    assertEquals(0.8266f, step(sgd, p, 0.5f), 1e-7f);
  }

  @Test
  void sgd_nesterov_matchesHandComputedSteps() {
    // g = 0.6, b = 0.6, g' = 0.6 + 0.9 * 0.6 = 1.14, p = 1 - 0.114 = 0.886
    // g = 0.5 + 0.0886 = 0.5886, b = 0.54 + 0.5886 = 1.1286, g' = 0.5886 + 1.01574, p = 0.725566
    Parameter p = scalar(true);
    Sgd sgd =
        Sgd.builder(List.of(p))
            .learningRate(0.1)
            .momentum(0.9)
            .nesterov(true)
            .weightDecay(0.1)
            .build();
    assertEquals(0.886f, step(sgd, p, 0.5f), 1e-7f);
    assertEquals(0.725566f, step(sgd, p, 0.5f), 1e-7f);
  }

  @Test
  void sgd_parameterWithoutDecay_isNotDecayed_andBuffersAreSkipped() {
    // b = 0.5, p = 0.95; b = 0.45 + 0.5 = 0.95, p = 0.95 - 0.095 = 0.855
    Parameter p = scalar(false);
    Parameter buffer = Parameter.buffer("running", Tensor.wrap(new float[] {3f}, 1));
    Sgd sgd =
        Sgd.builder(List.of(buffer, p)).learningRate(0.1).momentum(0.9).weightDecay(0.1).build();
    assertEquals(List.of(p), sgd.parameters());
    assertEquals(0.95f, step(sgd, p, 0.5f), 1e-7f);
    assertEquals(0.855f, step(sgd, p, 0.5f), 1e-7f);
    assertEquals(3f, buffer.value().data()[0]);
  }

  @Test
  void adam_matchesPyTorchSteps() {
    Parameter p = scalar(true);
    Adam adam = Adam.builder(List.of(p)).learningRate(0.1).build();
    assertSteps(adam, p, 0.900000002, 0.8654394181165108, 0.8109953836811554);
  }

  @Test
  void adam_l2WeightDecay_entersTheGradient() {
    Parameter p = scalar(true);
    Adam adam = Adam.builder(List.of(p)).learningRate(0.1).weightDecay(0.1).build();
    assertSteps(adam, p, 0.9000000016666666, 0.8475190629593703, 0.7791121607663538);
  }

  @Test
  void adamW_decoupledDecay_shrinksWeightsBeforeTheUpdate() {
    Parameter p = scalar(true);
    AdamW adamw = AdamW.builder(List.of(p)).learningRate(0.1).weightDecay(0.1).build();
    assertSteps(adamw, p, 0.890000002, 0.8465394180965108, 0.7836299894801902);
  }

  @Test
  void adamW_parameterWithoutDecay_followsPlainAdam() {
    Parameter p = scalar(false);
    AdamW adamw = AdamW.builder(List.of(p)).learningRate(0.1).weightDecay(0.1).build();
    assertSteps(adamw, p, 0.900000002, 0.8654394181165108, 0.8109953836811554);
  }

  @Test
  void exportThenImport_continuesBitIdentically() {
    Parameter a = scalar(true);
    Adam first = Adam.builder(List.of(a)).learningRate(0.1).build();
    step(first, a, GRADS[0]);
    OptimizerState saved = first.exportState();
    float afterOne = a.value().data()[0];
    step(first, a, GRADS[1]);

    Parameter b = scalar(true);
    b.value().data()[0] = afterOne;
    Adam second = Adam.builder(List.of(b)).learningRate(0.5).build();
    second.importState(saved);
    assertEquals(0.1, second.learningRate());
    step(second, b, GRADS[1]);
    assertEquals(a.value().data()[0], b.value().data()[0], 0f);
  }

  @Test
  void importState_ofAnotherKind_isRejectedAndChangesNothing() {
    Parameter p = scalar(true);
    Sgd sgd = Sgd.builder(List.of(p)).learningRate(0.1).momentum(0.9).build();
    step(sgd, p, 0.5f);
    OptimizerState before = sgd.exportState();
    OptimizerState adamState = Adam.builder(List.of(scalar(true))).build().exportState();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> sgd.importState(adamState));
    assertEquals("optimizer state is for 'adam' but this optimizer is 'sgd'", e.getMessage());
    assertEquals(before.steps(), sgd.exportState().steps());
    assertArrayEquals(before.slots().get(0).values(), sgd.exportState().slots().get(0).values());
  }

  @Test
  void schedules_stepDecayCosineAndWarmup() {
    LearningRateSchedule decay = LearningRateSchedule.stepDecay(0.1, 0.5, 2);
    assertEquals(0.1, decay.at(0, 1), 1e-15);
    assertEquals(0.05, decay.at(0, 2), 1e-15);
    assertEquals(0.025, decay.at(0, 5), 1e-15);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(1.0, 0.1, 100);
    assertEquals(1.0, cosine.at(0, 0), 1e-15);
    assertEquals(0.55, cosine.at(50, 0), 1e-15);
    assertEquals(0.1, cosine.at(100, 0), 1e-15);
    assertEquals(0.1, cosine.at(500, 9), 1e-15);
    LearningRateSchedule warm = cosine.withLinearWarmup(4);
    assertEquals(0.25, warm.at(0, 0), 1e-15);
    assertEquals(cosine.at(3, 0), warm.at(3, 0), 1e-15);
    assertEquals(cosine.at(60, 0), warm.at(60, 0), 1e-15);
  }

  private static Parameter scalar(boolean decay) {
    return Parameter.trainable("w", Tensor.wrap(new float[] {1f}, 1), decay);
  }

  /** Sets the gradient (as a backward would after zeroGrad), steps, returns the new value. */
  private static float step(Optimizer optimizer, Parameter p, float grad) {
    optimizer.zeroGrad();
    p.grad().data()[0] += grad;
    optimizer.step();
    return p.value().data()[0];
  }

  private static void assertSteps(Optimizer optimizer, Parameter p, double... expected) {
    for (int t = 0; t < expected.length; t++) {
      assertEquals(expected[t], step(optimizer, p, GRADS[t]), 2e-7, "step " + (t + 1));
    }
  }
}
