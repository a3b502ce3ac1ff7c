package dev.rectify.samples.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rectify.nn.Activation;
import dev.rectify.nn.Activations;
import dev.rectify.nn.Dense;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.GradientCheck;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Sequential;
import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generated SquareplusLayer: registered by name, right values, right gradient (checked with the
 * runtime's {@link GradientCheck}, the helper a user's own tests call too).
 */
class SquareplusLayerTest {

  @Test
  void registeredByName_withTheDeclaredParameter() {
    Activation f = Activations.unary("squareplus");
    assertEquals(4.0, f.info().params().get(0).defaultValue());
    // (x + sqrt(x² + 4)) / 2 at 0 is 1, at 3 is (3 + sqrt(13)) / 2
    assertEquals(1f, f.apply(0f), 1e-6f);
    assertEquals((float) ((3 + Math.sqrt(13)) / 2), f.apply(3f), 1e-6f);
    assertEquals((float) (0.5 + 3 / (2 * Math.sqrt(13))), f.gradient(3f), 1e-6f);
  }

  @Test
  void layer_passesTheGradientCheck() {
    Layer layer = Activations.byName("squareplus").newLayer();
    layer.build(new int[] {9});
    GradientCheck.check(layer, random(5, 9, 3), ForwardContext.training(1L));
  }

  @Test
  void fusedWithDense_passesTheGradientCheck() {
    // Dense followed by the generated layer runs fused; its backward must be just as right.
    Sequential net =
        Sequential.of(
            new int[] {6},
            new Dense(6, 8, 11L),
            Activations.byName("squareplus").newLayer(),
            new Dense(8, 3, 12L));
    GradientCheck.check(net, random(4, 6, 1), ForwardContext.training(1L));
  }

  private static Tensor random(int n, int features, double scale) {
    SplittableRandom random = new SplittableRandom(5);
    Tensor t = Tensor.zeros(n, features);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextDouble(-scale, scale);
    }
    return t;
  }
}
