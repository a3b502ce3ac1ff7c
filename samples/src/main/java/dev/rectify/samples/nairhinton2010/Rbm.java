package dev.rectify.samples.nairhinton2010;

import dev.rectify.data.Batch;
import dev.rectify.data.BatchIterator;
import dev.rectify.data.Dataset;
import dev.rectify.gemm.Gemm;
import dev.rectify.math.CounterRandom;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A restricted Boltzmann machine with binary visible units (pixels in [0, 1] read as probabilities)
 * and binary or NReLU hidden units, trained with one step of contrastive divergence (CD-1), {@code
 * dW = lr (<v h>_data - <v h>_recon)}.
 *
 * <p>One CD-1 step on a batch V:
 *
 * <pre>
 * x  = V·W + c                        hidden pre-activations
 * h+ = E[h | x]                       binary: sigmoid(x); NReLU: max(0, x)
 * h~ = a sample of h | x              binary: Bernoulli(sigmoid(x)); NReLU: max(0, x + N(0, sigmoid(x)))
 * V' = sigmoid(h~·Wᵀ + b)             the reconstruction, as probabilities (noise-free)
 * h- = E[h | V'·W + c]
 * W += lr (Vᵀ·h+ - V'ᵀ·h-) / B,  b += lr mean(V - V'),  c += lr mean(h+ - h-)   (with momentum)
 * </pre>
 *
 * Statistics use the hidden means and the reconstruction is driven by a sample, as in Hinton's
 * practical guide; Nair and Hinton keep these rules and change only the hidden units. The NReLU
 * sample is drawn by the zoo's {@code nrelu} layer in training mode, so the noise is exactly the
 * one that activation trains with, and reproducible from the step's key.
 */
public final class Rbm {
  /** The kind of hidden unit. */
  public enum Hidden {
    BINARY,
    NRELU
  }

  private final int visible;
  private final int hidden;
  private final Hidden units;
  private final float[] w; // [visible, hidden], the layout of Dense's weight
  private final float[] vb;
  private final float[] hb;
  private final float[] dw;
  private final float[] dvb;
  private final float[] dhb;
  private final Layer nrelu;

  /** Weights drawn from N(0, 0.01²) by {@code seed}, zero biases (Hinton's practical guide). */
  public Rbm(int visible, int hidden, Hidden units, long seed) {
    this.visible = visible;
    this.hidden = hidden;
    this.units = units;
    this.w = new float[visible * hidden];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.01 * gaussian(random));
    }
    this.vb = new float[visible];
    this.hb = new float[hidden];
    this.dw = new float[w.length];
    this.dvb = new float[visible];
    this.dhb = new float[hidden];
    this.nrelu = units == Hidden.NRELU ? Activations.byName("nrelu").newLayer() : null;
    if (nrelu != null) {
      nrelu.build(new int[] {hidden});
    }
  }

  public Hidden units() {
    return units;
  }

  public int hidden() {
    return hidden;
  }

  /** The weights, {@code [visible, hidden]}: the layout of {@code Dense}'s weight. */
  public float[] weights() {
    return w;
  }

  /** The hidden biases. */
  public float[] hiddenBias() {
    return hb;
  }

  /**
   * One epoch of CD-1 over {@code data} ({@code [N, visible]}) in the seeded order of epoch {@code
   * epoch}; returns the mean squared reconstruction error per pixel of the training batches (of the
   * sampled reconstructions CD uses).
   */
  public double trainEpoch(
      Dataset data,
      int batchSize,
      double lr,
      double momentum,
      double weightDecay,
      long seed,
      int epoch) {
    BatchIterator batches = BatchIterator.shuffled(data, batchSize, seed, epoch);
    double errorSum = 0;
    long step = (long) epoch * batches.batchCount();
    while (batches.hasNext()) {
      Batch batch = batches.next();
      errorSum +=
          step(batch.features(), lr, momentum, weightDecay, CounterRandom.mix(seed, step++))
              * batch.size();
    }
    return errorSum / data.size();
  }

  private double step(Tensor v, double lr, double momentum, double weightDecay, long key) {
    int n = v.dim(0);
    float[] x = hiddenPre(v.data(), n);
    float[] hPos = means(x);
    float[] hSample = sample(x, n, key);
    float[] recon = visibleMeans(hSample, n);
    float[] hNeg = means(hiddenPre(recon, n));

    float scale = 1f / n;
    // dW momentum buffer: dw = momentum * dw + (Vᵀ·h+ - V'ᵀ·h-) / n - weightDecay * W
    for (int i = 0; i < dw.length; i++) {
      dw[i] = (float) (momentum * dw[i] - weightDecay * w[i]);
    }
    Gemm.sgemm(
        true, false, visible, hidden, n, scale, v.data(), 0, visible, hPos, 0, hidden, 1f, dw, 0,
        hidden);
    Gemm.sgemm(
        true, false, visible, hidden, n, -scale, recon, 0, visible, hNeg, 0, hidden, 1f, dw, 0,
        hidden);
    double error = 0;
    for (int j = 0; j < visible; j++) {
      double s = 0;
      for (int r = 0; r < n; r++) {
        double d = v.data()[r * visible + j] - recon[r * visible + j];
        s += d;
        error += d * d;
      }
      dvb[j] = (float) (momentum * dvb[j] + s * scale);
    }
    for (int k = 0; k < hidden; k++) {
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += hPos[r * hidden + k] - hNeg[r * hidden + k];
      }
      dhb[k] = (float) (momentum * dhb[k] + s * scale);
    }
    float rate = (float) lr;
    for (int i = 0; i < w.length; i++) {
      w[i] += rate * dw[i];
    }
    for (int j = 0; j < visible; j++) {
      vb[j] += rate * dvb[j];
    }
    for (int k = 0; k < hidden; k++) {
      hb[k] += rate * dhb[k];
    }
    return error / ((double) n * visible);
  }

  /** The hidden means E[h | v] for a batch {@code [N, visible]}: the features a classifier sees. */
  public Tensor features(Tensor v) {
    int n = v.dim(0);
    return Tensor.wrap(means(hiddenPre(v.data(), n)), n, hidden);
  }

  /** Mean squared error per pixel of the noise-free reconstruction sigmoid(E[h|v]·Wᵀ + b). */
  public double reconstructionError(Dataset data, int batchSize) {
    BatchIterator batches = BatchIterator.inOrder(data, batchSize);
    double sum = 0;
    while (batches.hasNext()) {
      Tensor v = batches.next().features();
      int n = v.dim(0);
      float[] recon = visibleMeans(means(hiddenPre(v.data(), n)), n);
      for (int i = 0; i < recon.length; i++) {
        double d = v.data()[i] - recon[i];
        sum += d * d;
      }
    }
    return sum / ((double) data.size() * visible);
  }

  // x = V·W + c
  private float[] hiddenPre(float[] v, int n) {
    float[] x = new float[n * hidden];
    for (int r = 0; r < n; r++) {
      System.arraycopy(hb, 0, x, r * hidden, hidden);
    }
    Gemm.sgemm(false, false, n, hidden, visible, 1f, v, 0, visible, w, 0, hidden, 1f, x, 0, hidden);
    return x;
  }

  // V' = sigmoid(H·Wᵀ + b)
  private float[] visibleMeans(float[] h, int n) {
    float[] out = new float[n * visible];
    for (int r = 0; r < n; r++) {
      System.arraycopy(vb, 0, out, r * visible, visible);
    }
    Gemm.sgemm(
        false, true, n, visible, hidden, 1f, h, 0, hidden, w, 0, hidden, 1f, out, 0, visible);
    for (int i = 0; i < out.length; i++) {
      out[i] = sigmoid(out[i]);
    }
    return out;
  }

  private float[] means(float[] x) {
    float[] m = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      m[i] = units == Hidden.BINARY ? sigmoid(x[i]) : Math.max(0f, x[i]);
    }
    return m;
  }

  private float[] sample(float[] x, int n, long key) {
    if (units == Hidden.NRELU) {
      Tensor out = nrelu.forward(Tensor.wrap(x, n, hidden), ForwardContext.training(key));
      return out.data().clone();
    }
    float[] h = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = CounterRandom.uniform(key, i) < sigmoid(x[i]) ? 1f : 0f;
    }
    return h;
  }

  private static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
