package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.kernel.KernelProvider;
import dev.rectify.math.Ulps;
import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.Activations;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.GatedActivationLayer;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Scalar vs vector kernels of every activation that has both, at the sizes where loops go wrong
 * (below, at and around the lane counts, and long enough for the main loop), at odd offsets:
 * forward within 4 ulps and backward factor within 8 ulps of the scalar kernel, or, within 1/16 of
 * a zero crossing of the factor, within 2^-23 max(1, |x|); NaN, +-0 and infinities the same. The
 * training paths too: mask bits identical, bfloat16 factors within one bfloat16 rounding. Skipped
 * without {@code --add-modules jdk.incubator.vector}.
 */
class KernelAgreementTest {
  static final int[] SIZES = {1, 4, 6, 8, 13, 16, 25, 32, 64, 100, 1000, 4098};

  /** Offsets of the input and output in their arrays: not multiples of any lane count. */
  static final int X_OFF = 3;

  static final int Y_OFF = 5;

  /**
   * The activations that keep only scalar kernels, sorted: nrelu and rrelu because they draw random
   * numbers per element; prelu because its slope is learnable per channel. The layers' javadoc says
   * the same. (GELU's erf became erfc(-u), which VectorMath computes in double lanes.)
   */
  static final List<String> SCALAR_ONLY = List.of("nrelu", "prelu", "rrelu");

  private static float[] inputs(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n + X_OFF];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextInt(8) == 0 ? 40 * r.nextGaussian() : 3 * r.nextGaussian());
    }
    float[] special = {
      0f,
      -0f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MAX_VALUE,
      1e-30f
    };
    for (int k = 0; k < special.length && k * 7 < n; k++) {
      x[X_OFF + k * 7] = special[k];
    }
    return x;
  }

  private static double[] crossings(String name) {
    for (References.Unary r : References.UNARY) {
      if (r.name().equals(name)) {
        return r.crossings();
      }
    }
    for (References.Gated r : References.GATED) {
      if (r.name().equals(name)) {
        return r.crossings();
      }
    }
    throw new AssertionError(name);
  }

  /** Checks vector against scalar values; returns the largest error in ulps (outside zones). */
  private static double agree(
      String what,
      float[] x,
      int xOff,
      float[] vector,
      float[] scalar,
      int off,
      int n,
      double ulps,
      double[] crossings,
      List<String> failures) {
    double max = 0;
    for (int i = 0; i < n; i++) {
      float xi = x[xOff + i];
      float v = vector[off + i];
      float s = scalar[off + i];
      if (Float.isNaN(s) || Float.isNaN(v) || Float.isInfinite(s) || s == 0) {
        if (Float.compare(v, s) != 0 && !(v == 0 && s == 0 && !Float.isInfinite(xi))) {
          failures.add(
              String.format(Locale.ROOT, "%s at x = %s: vector %s, scalar %s", what, xi, v, s));
        }
        continue;
      }
      double err = Ulps.ulpError(v, s);
      boolean zone = false;
      for (double c : crossings) {
        zone |= Math.abs(xi - c) <= AccuracyTest.ZONE;
      }
      if (zone && Math.abs(v - s) <= 0x1p-23 * Math.max(1, Math.abs(xi))
          || AccuracyTest.isTinyAndClose(v, s)) {
        continue;
      }
      max = Math.max(max, err);
      if (err > ulps && failures.size() < 20) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s at x = %s: vector %s, scalar %s (%.1f ulps)",
                what,
                xi,
                v,
                s,
                err));
      }
    }
    return max;
  }

  @Test
  void vectorKernels_agreeWithScalarLoops() {
    assumeTrue(KernelProvider.vectorEnabled(), "needs --add-modules jdk.incubator.vector");
    List<String> failures = new ArrayList<>();
    List<String> scalarOnly = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            "\nvector vs scalar kernels, max ulps over sizes "
                + java.util.Arrays.toString(SIZES)
                + "\n");
    for (ActivationFunction f : Activations.all()) {
      String name = f.name();
      if (f instanceof GatedActivationLayer) {
        GatedActivationLayer vector = (GatedActivationLayer) f;
        if (!vector.vectorized()) {
          scalarOnly.add(name);
          continue;
        }
        GatedActivationLayer scalar = ((GatedActivationLayer) vector.newLayer()).scalarKernels();
        Sweep.warmUp(vector.newLayer(), 512);
        double[] worst = new double[2];
        for (int n : SIZES) {
          float[] a = inputs(n, n);
          float[] b = inputs(n, n + 1);
          Tensor in = Tensor.zeros(1, 2 * n);
          System.arraycopy(a, X_OFF, in.data(), 0, n);
          System.arraycopy(b, X_OFF, in.data(), n, n);
          Tensor dy = Tensor.zeros(1, n).fill(1f);
          float[] yv = vector.forward(in, ForwardContext.EVAL).data().clone();
          float[] dv = vector.backward(dy).data().clone();
          float[] ys = scalar.forward(in, ForwardContext.EVAL).data();
          float[] ds = scalar.backward(dy).data();
          worst[0] =
              Math.max(
                  worst[0],
                  agree(
                      name + " forward n=" + n,
                      in.data(),
                      0,
                      yv,
                      ys,
                      0,
                      n,
                      AccuracyTest.FORWARD_ULPS,
                      new double[0],
                      failures));
          worst[1] =
              Math.max(
                  worst[1],
                  agree(
                      name + " df/da n=" + n,
                      in.data(),
                      0,
                      dv,
                      ds,
                      0,
                      n,
                      AccuracyTest.BACKWARD_ULPS,
                      crossings(name),
                      failures));
          worst[1] =
              Math.max(
                  worst[1],
                  agree(
                      name + " df/db n=" + n,
                      in.data(),
                      n,
                      dv,
                      ds,
                      n,
                      n,
                      AccuracyTest.BACKWARD_ULPS,
                      new double[0],
                      failures));
        }
        table.append(
            String.format(Locale.ROOT, "| %-16s | %5.2f | %5.2f |%n", name, worst[0], worst[1]));
        continue;
      }
      UnaryActivationLayer vector = (UnaryActivationLayer) f;
      if (!vector.vectorized()) {
        scalarOnly.add(name);
        continue;
      }
      UnaryActivationLayer scalar = ((UnaryActivationLayer) vector.newLayer()).scalarKernels();
      Sweep.warmUp(vector.newLayer(), 256);
      double[] worst = new double[2];
      for (int n : SIZES) {
        float[] x = inputs(n, n);
        float[] yv = new float[n + Y_OFF];
        float[] ys = new float[n + Y_OFF];
        vector.apply(x, X_OFF, yv, Y_OFF, n);
        scalar.apply(x, X_OFF, ys, Y_OFF, n);
        worst[0] =
            Math.max(
                worst[0],
                agree(
                    name + " forward n=" + n,
                    x,
                    X_OFF,
                    yv,
                    ys,
                    Y_OFF,
                    n,
                    AccuracyTest.FORWARD_ULPS,
                    new double[0],
                    failures));
        DoubleUnaryOperator ofOutput = outputRule(name);
        if (ofOutput != null) {
          // a factor of the output is held to its rule on this kernel's own y: y (1 - y) near
          // y = 1 turns the ulp by which two correct forwards may differ into hundreds
          for (int i = 0; i < n; i++) {
            ys[Y_OFF + i] = (float) ofOutput.applyAsDouble(yv[Y_OFF + i]);
          }
        }
        vector.gradient(x, X_OFF, yv, Y_OFF, n);
        if (ofOutput == null) {
          scalar.gradient(x, X_OFF, ys, Y_OFF, n);
        }
        worst[1] =
            Math.max(
                worst[1],
                agree(
                    name + " gradient n=" + n,
                    x,
                    X_OFF,
                    yv,
                    ys,
                    Y_OFF,
                    n,
                    AccuracyTest.BACKWARD_ULPS,
                    crossings(name),
                    failures));
        trainingPaths(name, vector, scalar, x, n, failures);
      }
      table.append(
          String.format(Locale.ROOT, "| %-16s | %5.2f | %5.2f |%n", name, worst[0], worst[1]));
    }
    System.out.println(table);
    assertEquals(SCALAR_ONLY, new ArrayList<>(new TreeSet<>(scalarOnly)));
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** The backward rule of an activation whose factor is a function of its output y, or null. */
  private static DoubleUnaryOperator outputRule(String name) {
    for (References.Unary r : References.UNARY) {
      if (r.name().equals(name) && r.factorOfOutput()) {
        return r.g();
      }
    }
    return null;
  }

  /** Training forward and backward through both layers, [1, n]: what storage keeps agrees. */
  private static void trainingPaths(
      String name,
      UnaryActivationLayer vector,
      UnaryActivationLayer scalar,
      float[] x,
      int n,
      List<String> failures) {
    Tensor in = Tensor.zeros(1, n);
    System.arraycopy(x, X_OFF, in.data(), 0, n);
    Tensor dy = Tensor.zeros(1, n);
    Random r = new Random(n);
    for (int i = 0; i < n; i++) {
      dy.data()[i] = (float) r.nextGaussian();
    }
    vector.build(new int[] {n});
    scalar.build(new int[] {n});
    float[] yv = vector.forward(in, ForwardContext.training(1)).data().clone();
    float[] ys = scalar.forward(in, ForwardContext.training(1)).data();
    agree(
        name + " training forward n=" + n,
        in.data(),
        0,
        yv,
        ys,
        0,
        n,
        AccuracyTest.FORWARD_ULPS,
        new double[0],
        failures);
    float[] dv = vector.backward(dy).data().clone();
    float[] ds = scalar.backward(dy).data();
    DoubleUnaryOperator ofOutput = outputRule(name);
    if (ofOutput != null) {
      ds = ds.clone(); // as for the gradient: the rule applied to the vector layer's own output
      for (int i = 0; i < n; i++) {
        ds[i] = dy.data()[i] * (float) ofOutput.applyAsDouble(yv[i]);
      }
    }
    BackwardStorage storage = vector.info().storage();
    for (int i = 0; i < n; i++) {
      float xi = in.data()[i];
      if (Float.isNaN(xi) || Float.isInfinite(xi)) {
        continue; // held above: the factors' special values agree exactly
      }
      double gv = Math.abs(dv[i] / dy.data()[i]);
      double gs = Math.abs(ds[i] / dy.data()[i]);
      // mask bits are comparisons, identical in both; a bfloat16 factor may round to a neighbour
      // where the two float factors straddle a rounding boundary; others as the gradient's bound
      double bound =
          storage == BackwardStorage.MASK
              ? 0
              : storage == BackwardStorage.BF16_FACTOR
                  ? 0x1p16 * Math.ulp((float) Math.max(gv, gs)) // one bfloat16 ulp
                  : AccuracyTest.BACKWARD_ULPS * Math.ulp((float) Math.max(gv, gs));
      bound += 0x1p-23 * Math.max(1, Math.abs(xi)) * (storage == BackwardStorage.MASK ? 0 : 1);
      if (!(Math.abs(dv[i] - ds[i]) <= bound * Math.abs(dy.data()[i])) && failures.size() < 20) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s backward n=%d at x = %s: vector %s, scalar %s",
                name,
                n,
                xi,
                dv[i],
                ds[i]));
      }
    }
  }
}
