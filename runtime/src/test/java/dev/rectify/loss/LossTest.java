package dev.rectify.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossTest {

  @Test
  void crossEntropy_knownValues() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Tensor logits = Tensor.wrap(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
    // log(e + e^2 + e^3) - 3 = 0.40760596; uniform logits give log 3.
    double expected = (0.4076059644443803 + Math.log(3)) / 2;
    assertEquals(expected, loss.forward(logits, new int[] {2, 0}), 1e-7);
    float[] softmax = {0.09003057f, 0.24472847f, 0.66524096f};
    float[] g = loss.backward().data();
    assertEquals(softmax[0] / 2, g[0], 1e-7);
    assertEquals((softmax[2] - 1) / 2, g[2], 1e-7);
    assertEquals((1f / 3 - 1) / 2, g[3], 1e-7);
  }

  @Test
  void crossEntropy_hugeLogits_staysFinite() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    Tensor logits = Tensor.wrap(new float[] {1000f, 0f, -1000f}, 1, 3);
    assertEquals(1000.0, loss.forward(logits, new int[] {1}), 1e-9);
    assertArrayEquals(new float[] {1f, -1f, 0f}, loss.backward().data(), 0f);
    assertEquals(0.0, loss.forward(logits, new int[] {0}), 0.0);
  }

  @Test
  void crossEntropy_gradientMatchesFiniteDifferences() {
    checkGradient(new SoftmaxCrossEntropy(), 4, 5);
  }

  @Test
  void meanSquaredError_knownValuesAgainstLabelsAndTargets() {
    MeanSquaredError mse = new MeanSquaredError();
    Tensor out = Tensor.wrap(new float[] {0.5f, 1f, 2f, 0f}, 2, 2);
    // one-hot targets [1, 0], [0, 1]: (0.25 + 1 + 4 + 1) / 4
    assertEquals(6.25 / 4, mse.forward(out, new int[] {0, 1}), 1e-12);
    assertArrayEquals(new float[] {-0.25f, 0.5f, 1f, -0.5f}, mse.backward().data(), 1e-7f);
    Tensor target = Tensor.wrap(new float[] {0.5f, 1f, 2f, 2f}, 2, 2);
    assertEquals(1.0, mse.forward(out, target), 1e-12);
    assertArrayEquals(new float[] {0, 0, 0, -1f}, mse.backward().data(), 1e-7f);
  }

  @Test
  void meanSquaredError_gradientMatchesFiniteDifferences() {
    checkGradient(new MeanSquaredError(), 3, 4);
  }

  @Test
  void labelOutOfRange_rejectedWithSampleIndex() {
    Tensor logits = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SoftmaxCrossEntropy().forward(logits, new int[] {0, 3}));
    assertEquals("softmax-cross-entropy: label 3 of sample 1 is not in [0, 3)", e.getMessage());
  }

  /** Central differences in double precision, on a loss evaluated in float inputs. */
  private static void checkGradient(Loss loss, int n, int c) {
    float[] z = new float[n * c];
    int[] labels = new int[n];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) Math.sin(1.7 * i + 0.3) * 3;
    }
    for (int i = 0; i < n; i++) {
      labels[i] = (i * 7) % c;
    }
    Tensor logits = Tensor.wrap(z, n, c);
    loss.forward(logits, labels);
    float[] analytic = loss.backward().data().clone();
    float h = 1e-2f;
    for (int i = 0; i < z.length; i++) {
      float keep = z[i];
      z[i] = keep + h;
      double plus = loss.forward(logits, labels);
      z[i] = keep - h;
      double minus = loss.forward(logits, labels);
      z[i] = keep;
      assertEquals((plus - minus) / (2 * h), analytic[i], 2e-4, "element " + i);
    }
  }
}
