package dev.rectify.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The public checker itself: it passes a right layer and catches a wrong backward. */
class GradientCheckTest {

  /** A Dense whose backward reports twice the true input gradient. */
  private static final class DoubledBackward implements Layer {
    private final Dense dense = new Dense(5, 3, 1L);

    @Override
    public String name() {
      return "doubled";
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
      return dense.forward(input, context);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      Tensor dx = dense.backward(gradOutput).copy();
      for (int i = 0; i < dx.size(); i++) {
        dx.data()[i] *= 2;
      }
      return dx;
    }
  }

  @Test
  void rightLayer_passes() {
    GradientCheck.check(new Dense(5, 3, 1L), GradientCheck.random(2L, 4, 5), ForwardContext.EVAL);
  }

  @Test
  void wrongBackward_failsNamingTheCoordinate() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                GradientCheck.check(
                    new DoubledBackward(), GradientCheck.random(2L, 4, 5), ForwardContext.EVAL));
    assertTrue(
        e.getMessage().matches("doubled of .*: dinput\\[\\d+\\]: analytic .*, numeric .*"),
        e.getMessage());
  }
}
