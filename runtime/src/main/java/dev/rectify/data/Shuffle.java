package dev.rectify.data;

import dev.rectify.math.CounterRandom;

/** Seeded permutations: the same key gives the same order on every machine and run. */
final class Shuffle {
  private Shuffle() {}

  /**
   * A permutation of {@code 0..n-1} by Fisher-Yates, with draw {@code i} a pure function of {@code
   * (key, i)}. Scaling a 53-bit uniform by {@code i + 1} has a bias below 2^-30 for any array size
   * Java allows, far below anything a training run can notice.
   */
  static int[] permutation(int n, long key) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = (int) (CounterRandom.uniform(key, i) * (i + 1));
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
