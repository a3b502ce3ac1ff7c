package dev.rectify.metrics;

import dev.rectify.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer L2 norms of the gradients, averaged over the steps they were added in: the quantity to
 * watch for vanishing or exploding gradients. A layer is the part of a parameter's name before its
 * last dot ({@code "dense1.weight"} and {@code "dense1.bias"} make up {@code "dense1"}); a name
 * without a dot is its own layer.
 *
 * <pre>{@code
 * GradientNorms norms = new GradientNorms();
 * model.backward(loss.backward());
 * norms.add(model.parameters());          // after backward, before the optimizer step
 * norms.mean();                           // {dense1=0.42, dense2=0.13, ...}
 * }</pre>
 */
public final class GradientNorms {
  private final Map<String, Double> sums = new LinkedHashMap<>();
  private long steps;

  /** The L2 norm of each layer's gradients now, in parameter order; buffers are ignored. */
  public static Map<String, Double> perLayer(List<Parameter> parameters) {
    return perLayer(parameters.stream().map(p -> Map.entry(p.name(), p)).toList());
  }

  /**
   * Like {@link #perLayer(List)} for parameters under qualified names, such as {@code
   * Sequential.namedParameters()}'s {@code "0.weight"}, {@code "0.bias"} (layer {@code "0"}).
   */
  public static Map<String, Double> perLayer(Map<String, Parameter> named) {
    return perLayer(named.entrySet());
  }

  private static Map<String, Double> perLayer(Iterable<Map.Entry<String, Parameter>> named) {
    Map<String, Double> squares = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : named) {
      Parameter p = entry.getValue();
      if (p.isTrainable()) {
        double sum = 0;
        for (float g : p.grad().data()) {
          sum += (double) g * g;
        }
        squares.merge(layerOf(entry.getKey()), sum, Double::sum);
      }
    }
    squares.replaceAll((layer, sum) -> Math.sqrt(sum));
    return squares;
  }

  /** Adds the current per-layer norms of one step; returns them. */
  public Map<String, Double> add(List<Parameter> parameters) {
    return accumulate(perLayer(parameters));
  }

  /** Adds the current per-layer norms of one step, by qualified names; returns them. */
  public Map<String, Double> add(Map<String, Parameter> named) {
    return accumulate(perLayer(named));
  }

  private Map<String, Double> accumulate(Map<String, Double> now) {
    now.forEach((layer, norm) -> sums.merge(layer, norm, Double::sum));
    steps++;
    return now;
  }

  /** The mean per-layer norm over the steps added so far. */
  public Map<String, Double> mean() {
    Map<String, Double> mean = new LinkedHashMap<>();
    sums.forEach((layer, sum) -> mean.put(layer, sum / steps));
    return mean;
  }

  private static String layerOf(String parameterName) {
    int dot = parameterName.lastIndexOf('.');
    return dot < 0 ? parameterName : parameterName.substring(0, dot);
  }
}
