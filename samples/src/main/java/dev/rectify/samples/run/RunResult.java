package dev.rectify.samples.run;

import dev.rectify.train.EpochMetrics;
import dev.rectify.train.Evaluation;
import java.util.List;

/**
 * One training run, finished or stopped by divergence.
 *
 * @param label what varied between runs of a comparison ({@code relu}, {@code relu+L1})
 * @param activation the activation's registry name
 * @param seed the seed of weights, batch order and random draws
 * @param history the epochs this run trained (fewer than configured after a resume)
 * @param last the evaluation on the test set after the last epoch
 * @param layers the watched activation layers, in order
 * @param seconds wall time of the run, evaluation included
 * @param divergence why training stopped early (a NaN or infinite loss or gradient), or null when
 *     it finished; {@code last} is then the evaluation of the parameters before that step
 */
public record RunResult(
    String label,
    String activation,
    long seed,
    List<EpochMetrics> history,
    Evaluation last,
    List<String> layers,
    double seconds,
    String divergence) {

  public RunResult {
    history = List.copyOf(history);
    layers = List.copyOf(layers);
  }

  /** Whether training ran all its epochs. */
  public boolean finished() {
    return divergence == null;
  }

  /** The fraction of exact zeros over all watched layers' outputs, each layer weighted equally. */
  public double meanSparsity() {
    return layers.stream().mapToDouble(l -> last.sparsity().get(l)).average().orElse(Double.NaN);
  }

  /** The mean over watched layers of the fraction of dead units. */
  public double meanDeadUnits() {
    return layers.stream().mapToDouble(l -> last.deadUnits().get(l)).average().orElse(Double.NaN);
  }
}
