package dev.rectify.processor.formula;

import dev.rectify.nn.Activations;
import java.util.List;

/** "Did you mean" suggestions by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** {@code "; did you mean 'best'?"}, or empty when nothing is close enough to help. */
  public static String didYouMean(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = Activations.editDistance(name, c);
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    // Farther than a third of the name's length is a guess, not a typo.
    if (best == null || bestDistance > Math.max(1, (name.length() + 2) / 3)) {
      return "";
    }
    return "; did you mean '" + best + "'?";
  }
}
