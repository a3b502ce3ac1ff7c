package dev.rectify.metrics;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;

/**
 * Units that stay inactive (output ≤ 0) for every sample of an evaluation pass: dead ReLUs, the
 * failure SUGAR (Horuz et al. 2025) sets out to repair. A unit is a feature of {@code [N, F]}
 * outputs and a channel of {@code [N, C, H, W]} outputs (active if any of its H x W positions is
 * positive for any sample).
 *
 * <pre>{@code
 * DeadUnits dead = new DeadUnits();
 * for (...) { model.forward(x, ForwardContext.EVAL); dead.add(relu2.lastOutput()); }
 * System.out.printf("%d of %d units dead%n", dead.dead(), dead.units());
 * }</pre>
 *
 * <p>"≤ 0" rather than "== 0" so that the measure also means something for activations with a
 * negative part (ELU, Leaky ReLU): a unit that never fires positive there carries no rectified
 * signal either.
 */
public final class DeadUnits {
  private boolean[] active;
  private int[] unitShape;

  /** Adds one batch of a layer's output, {@code [N, F]} or {@code [N, C, ...]}. */
  public void add(Tensor output) {
    if (output.rank() < 2) {
      throw new IllegalArgumentException(
          "dead units: expected [N, F] or [N, C, ...], got " + output);
    }
    int units = output.dim(1);
    if (active == null) {
      active = new boolean[units];
      unitShape = output.shape();
    } else if (active.length != units) {
      throw new IllegalArgumentException(
          "dead units: " + units + " units now, " + active.length + " before");
    }
    int n = output.dim(0);
    int inner = n == 0 ? 0 : output.size() / (n * units);
    float[] y = output.data();
    for (int s = 0; s < n; s++) {
      for (int u = 0; u < units; u++) {
        if (active[u]) {
          continue;
        }
        int off = (s * units + u) * inner;
        for (int k = 0; k < inner; k++) {
          if (y[off + k] > 0) {
            active[u] = true;
            break;
          }
        }
      }
    }
  }

  /** The number of units (features or channels), 0 before any output. */
  public int units() {
    return active == null ? 0 : active.length;
  }

  /** The number of units never active so far. */
  public int dead() {
    int dead = 0;
    for (int u = 0; u < units(); u++) {
      if (!active[u]) {
        dead++;
      }
    }
    return dead;
  }

  /** dead / units, or NaN before any output. */
  public double fraction() {
    return units() == 0 ? Double.NaN : (double) dead() / units();
  }

  /** Whether unit {@code u} has been inactive for every sample so far. */
  public boolean isDead(int u) {
    return !active[u];
  }

  @Override
  public String toString() {
    return dead()
        + " of "
        + units()
        + " units dead"
        + (unitShape == null ? "" : " (output " + Arrays.toString(unitShape) + ")");
  }
}
