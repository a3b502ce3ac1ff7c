package dev.rectify.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch did: one line of {@code metrics.csv} and {@code metrics.jsonl}.
 *
 * @param epoch the epoch's number, from 1 (also the number of epochs completed)
 * @param step the global step count at the end of the epoch
 * @param learningRate the learning rate of the epoch's last step
 * @param trainLoss the mean training loss over the epoch's batches, penalty included
 * @param trainAccuracy the accuracy on the training batches, in training mode
 * @param test the evaluation on the held-out set, or null when there is none
 * @param gradientNorms per layer, the mean L2 norm of its gradient over the epoch's steps
 * @param seconds wall time of the epoch, evaluation included
 * @param samplesPerSecond training samples per second of training time
 */
public record EpochMetrics(
    int epoch,
    long step,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    Evaluation test,
    Map<String, Double> gradientNorms,
    double seconds,
    double samplesPerSecond) {

  public EpochMetrics {
    gradientNorms = Collections.unmodifiableMap(new LinkedHashMap<>(gradientNorms));
  }

  /** The metrics as named columns, in a fixed order; layer metrics are prefixed by their kind. */
  public Map<String, Number> columns() {
    Map<String, Number> c = new LinkedHashMap<>();
    c.put("epoch", epoch);
    c.put("step", step);
    c.put("learning_rate", learningRate);
    c.put("train_loss", trainLoss);
    c.put("train_accuracy", trainAccuracy);
    if (test != null) {
      c.put("test_loss", test.loss());
      c.put("test_accuracy", test.accuracy());
      test.sparsity().keySet().stream()
          .sorted()
          .forEach(layer -> c.put("sparsity." + layer, test.sparsity().get(layer)));
      test.deadUnits().keySet().stream()
          .sorted()
          .forEach(layer -> c.put("dead_units." + layer, test.deadUnits().get(layer)));
    }
    gradientNorms.forEach((layer, norm) -> c.put("grad_norm." + layer, norm));
    c.put("seconds", seconds);
    c.put("samples_per_second", samplesPerSecond);
    return c;
  }
}
