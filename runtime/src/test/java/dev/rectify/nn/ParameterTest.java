package dev.rectify.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Lazy gradient zeroing: zeroGrad() costs nothing until the gradient is read or claimed, and a
 * Dense layer's weight gradient after zeroGrad() is the same whether it was written over (claimed)
 * or accumulated onto zeros: a claim that did not lead to every element being written leaves the
 * NaN of an earlier step in place, and fails here. (GemmTest checks the overwrite's bits.)
 */
class ParameterTest {

  @Test
  void zeroGrad_readsAsZeros_andIsClaimedOnce() {
    Parameter p = Parameter.trainable("w", Tensor.zeros(2, 3), true);
    Arrays.fill(p.grad().data(), 5f);
    p.zeroGrad();
    assertTrue(p.claimZeroedGrad());
    assertFalse(p.claimZeroedGrad(), "a claim is taken once");
    // claimed: the caller overwrites, so the old values are still there until it does
    assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, p.grad().data());
    p.zeroGrad();
    assertArrayEquals(new float[6], p.grad().data());
    assertFalse(p.claimZeroedGrad(), "grad() filled the zeros; nothing is left to claim");
  }

  @Test
  void denseWeightGradient_sameBitsOverwrittenOrAccumulatedOntoZeros() {
    Dense dense = new Dense(7, 19, 3);
    Tensor x = Tensor.zeros(5, 7);
    Tensor dy = Tensor.zeros(5, 19);
    for (int i = 0; i < x.data().length; i++) {
      x.data()[i] = (float) Math.sin(i + 1);
    }
    for (int i = 0; i < dy.data().length; i++) {
      dy.data()[i] = (float) Math.cos(3 * i);
    }
    Parameter w = dense.parameters().get(0);
    Arrays.fill(w.grad().data(), Float.NaN); // what an earlier step left
    w.zeroGrad();
    dense.forward(x, ForwardContext.training(1));
    dense.backward(dy);
    float[] overwritten = w.grad().data().clone();

    w.zeroGrad();
    w.grad(); // filled with zeros: backward accumulates onto them
    dense.forward(x, ForwardContext.training(1));
    dense.backward(dy);
    assertArrayEquals(overwritten, w.grad().data());
    for (float g : overwritten) {
      assertTrue(Float.isFinite(g) && g != 0f, "every element written: " + g);
    }
  }
}
