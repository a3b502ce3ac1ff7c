package dev.rectify.bench;

import dev.rectify.init.Init;
import dev.rectify.nn.Activations;
import dev.rectify.nn.Layer;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * The setup {@link ActivationBenchmark} and {@link InputOrderBenchmark} share. Their lists of
 * activations stay two: JMH 1.37 rejected a {@code @Param} inherited from a common state class
 * ("@Param annotation should be placed in @State-annotated class"), so keep them in step.
 */
final class ZooLayers {
  private ZooLayers() {}

  /**
   * A layer of {@code activation} built for {@code size} values, on the vector or scalar kernels.
   */
  static Layer newLayer(String activation, String kernels, int size) {
    Layer layer = Activations.byName(activation).newLayer();
    layer.build(new int[] {size});
    if (kernels.equals("scalar")) {
      ((UnaryActivationLayer) layer).scalarKernels();
    }
    return layer;
  }

  /** {@code size} draws from N(0, 1), as a {@code [1, size]} tensor. */
  static Tensor normal(int size, SplittableRandom random) {
    Tensor t = Tensor.zeros(1, size);
    Init.normal(t, 1.0, random);
    return t;
  }
}
