package dev.rectify.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {

  @Test
  void sameKey_sameMask_otherKey_otherMask() {
    Tensor x = Tensor.zeros(100, 50).fill(1f);
    float[] a = new Dropout(0.5).forward(x, ForwardContext.training(1L)).data().clone();
    float[] b = new Dropout(0.5).forward(x, ForwardContext.training(1L)).data().clone();
    float[] c = new Dropout(0.5).forward(x, ForwardContext.training(2L)).data().clone();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  /** 5000 Bernoulli(0.3) draws: the kept fraction's standard deviation is 0.0065; 0.03 is 4.6σ. */
  @Test
  void keepsAboutOneMinusP_scaledUp_andBackwardUsesTheSameMask() {
    Dropout dropout = new Dropout(0.3);
    Tensor x = Tensor.zeros(100, 50).fill(2f);
    float[] y = dropout.forward(x, ForwardContext.training(3L)).data().clone();
    int kept = 0;
    for (float v : y) {
      if (v != 0f) {
        assertEquals(2f / 0.7f, v, 1e-6f);
        kept++;
      }
    }
    assertEquals(0.7, kept / 5000.0, 0.03);
    float[] dx = dropout.backward(Tensor.zeros(100, 50).fill(1f)).data();
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i] == 0f, dx[i] == 0f, "element " + i);
    }
  }

  @Test
  void evaluation_isIdentity() {
    Tensor x = GradientCheck.random(4L, 3, 7);
    assertSame(x, new Dropout(0.9).forward(x, ForwardContext.EVAL));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
  }
}
