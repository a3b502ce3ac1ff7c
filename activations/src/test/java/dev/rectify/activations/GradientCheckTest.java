package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.activations.References.Gated;
import dev.rectify.activations.References.Unary;
import dev.rectify.nn.Activation;
import dev.rectify.nn.Activations;
import dev.rectify.nn.GatedActivation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The backward factor agrees with central differences of the generated forward (non-surrogate
 * activations); SUGAR activations instead compute ReLU bit for bit forward and their surrogate's
 * derivative backward, which differs from ReLU's.
 */
class GradientCheckTest {
  /** Kinks of the zoo (0, +-1, +-3, 6, 20): finite differences across them are meaningless. */
  private static final double[] KINKS = {0, 1, -1, 3, -3, 6, 20};

  private static List<Double> points() {
    List<Double> xs = new ArrayList<>();
    for (double x = -8.013; x <= 24; x += 0.173) {
      boolean nearKink = false;
      for (double k : KINKS) {
        nearKink |= Math.abs(x - k) < 0.05;
      }
      if (!nearKink) {
        xs.add(x);
      }
    }
    return xs;
  }

  /**
   * (f(x + h) - f(x - h)) / 2h on the float forward, with h = 2^-8 max(1, |x|): the rounding of f
   * contributes about 2^-24 |f| / h, the truncation h^2 |f'''| / 6, both far below 1e-3.
   */
  private static double centralDifference(java.util.function.DoubleUnaryOperator f, double x) {
    float hi = (float) (x + 0x1p-8 * Math.max(1, Math.abs(x)));
    float lo = (float) (x - 0x1p-8 * Math.max(1, Math.abs(x)));
    return (f.applyAsDouble(hi) - f.applyAsDouble(lo)) / ((double) hi - lo);
  }

  @Test
  void backwardFactor_matchesFiniteDifferences() {
    List<String> failures = new ArrayList<>();
    for (Unary r : References.UNARY) {
      if (r.name().startsWith("sugar-")) {
        continue;
      }
      Activation act = Activations.unary(r.name());
      for (double x : points()) {
        float xf = (float) x;
        double fd = centralDifference(v -> act.apply((float) v), xf);
        float g = act.gradient(xf);
        if (Math.abs(g - fd) > 1e-3 * Math.max(1, Math.abs(fd))) {
          failures.add(
              String.format(
                  Locale.ROOT, "%s at %s: backward %s, differences %s", r.name(), xf, g, fd));
        }
      }
    }
    for (Gated r : References.GATED) {
      GatedActivation act = Activations.gated(r.name());
      for (double a : points()) {
        for (float b : new float[] {-2.5f, 0.75f, 3.25f}) {
          float af = (float) a;
          double fa = centralDifference(v -> act.apply((float) v, b), af);
          double fb = centralDifference(v -> act.apply(af, (float) v), b);
          if (Math.abs(act.gradientA(af, b) - fa) > 1e-3 * Math.max(1, Math.abs(fa))
              || Math.abs(act.gradientB(af, b) - fb) > 1e-3 * Math.max(1, Math.abs(fb))) {
            failures.add(r.name() + " at (" + af + ", " + b + ")");
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void sugar_forwardIsReluBitForBit_backwardIsTheSurrogate() {
    Activation relu = Activations.unary("relu");
    float[] xs = Sweep.inputs();
    for (Unary r : References.UNARY) {
      if (!r.name().startsWith("sugar-")) {
        continue;
      }
      Activation act = Activations.unary(r.name());
      int differsFromStep = 0;
      for (float x : xs) {
        assertEquals(
            Float.floatToRawIntBits(relu.apply(x)),
            Float.floatToRawIntBits(act.apply(x)),
            r.name() + " forward at " + x);
        if (x < 0 && act.gradient(x) != 0) {
          differsFromStep++;
        }
      }
      // the point of SUGAR: a gradient for negative inputs, where ReLU's is 0
      assertTrue(differsFromStep > 1000, r.name() + ": surrogate gradient is ReLU's step");
    }
  }
}
