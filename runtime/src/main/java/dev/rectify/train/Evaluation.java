package dev.rectify.train;

import java.util.Map;

/**
 * The result of one evaluation pass.
 *
 * @param loss the mean loss over the samples (without any training penalty)
 * @param accuracy the fraction of samples classified correctly
 * @param sparsity per watched layer, the fraction of its outputs that were exactly zero
 * @param deadUnits per watched layer, the fraction of its units never active (> 0) in the pass
 */
public record Evaluation(
    double loss, double accuracy, Map<String, Double> sparsity, Map<String, Double> deadUnits) {

  public Evaluation {
    sparsity = Map.copyOf(sparsity);
    deadUnits = Map.copyOf(deadUnits);
  }
}
