package dev.rectify.train;

import dev.rectify.math.CounterRandom;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Parameter;
import dev.rectify.tensor.Tensor;
import java.util.List;

/**
 * A test-only model that stands in for Sequential(Dense, ReLU, Dense): input noise in training (so
 * the trainer's per-step keys matter), a hidden ReLU layer whose output can be watched, and a
 * linear output. Naive loops, written for checking, not speed.
 */
final class TinyMlp implements Layer {
  private final int inputs;
  private final int hidden;
  private final int outputs;
  private final float noise;
  private final Parameter w1;
  private final Parameter b1;
  private final Parameter w2;
  private final Parameter b2;

  private Tensor x;
  private Tensor h;
  private Tensor y;

  TinyMlp(int inputs, int hidden, int outputs, float noise, long seed) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.outputs = outputs;
    this.noise = noise;
    w1 = Parameter.trainable("dense1.weight", init(hidden, inputs, seed, 1), true);
    b1 = Parameter.trainable("dense1.bias", Tensor.zeros(hidden), true);
    w2 = Parameter.trainable("dense2.weight", init(outputs, hidden, seed, 2), true);
    b2 = Parameter.trainable("dense2.bias", Tensor.zeros(outputs), true);
  }

  /** He-uniform: U(-sqrt(6 / fanIn), sqrt(6 / fanIn)). */
  private static Tensor init(int out, int in, long seed, int layer) {
    Tensor w = Tensor.zeros(out, in);
    double bound = Math.sqrt(6.0 / in);
    long key = CounterRandom.mix(seed, layer);
    for (int i = 0; i < w.size(); i++) {
      w.data()[i] = (float) CounterRandom.uniform(key, i, -bound, bound);
    }
    return w;
  }

  @Override
  public String name() {
    return "tiny-mlp";
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    int n = input.dim(0);
    x = input.copy();
    if (context.training() && noise > 0) {
      for (int i = 0; i < x.size(); i++) {
        x.data()[i] += noise * (float) CounterRandom.normal(context.forLayer(0).noiseKey(), i);
      }
    }
    h = Tensor.zeros(n, hidden);
    y = Tensor.zeros(n, outputs);
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < hidden; j++) {
        float z = b1.value().data()[j];
        for (int i = 0; i < inputs; i++) {
          z += w1.value().data()[j * inputs + i] * x.data()[s * inputs + i];
        }
        h.data()[s * hidden + j] = Math.max(z, 0f);
      }
      for (int k = 0; k < outputs; k++) {
        float z = b2.value().data()[k];
        for (int j = 0; j < hidden; j++) {
          z += w2.value().data()[k * hidden + j] * h.data()[s * hidden + j];
        }
        y.data()[s * outputs + k] = z;
      }
    }
    return y;
  }

  /** The hidden ReLU output of the last forward. */
  Tensor hiddenOutput() {
    return h;
  }

  @Override
  public Tensor backward(Tensor dy) {
    int n = dy.dim(0);
    Tensor dx = Tensor.zeros(n, inputs);
    for (int s = 0; s < n; s++) {
      float[] dh = new float[hidden];
      for (int k = 0; k < outputs; k++) {
        float g = dy.data()[s * outputs + k];
        b2.grad().data()[k] += g;
        for (int j = 0; j < hidden; j++) {
          w2.grad().data()[k * hidden + j] += g * h.data()[s * hidden + j];
          dh[j] += g * w2.value().data()[k * hidden + j];
        }
      }
      for (int j = 0; j < hidden; j++) {
        float g = h.data()[s * hidden + j] > 0 ? dh[j] : 0f;
        b1.grad().data()[j] += g;
        for (int i = 0; i < inputs; i++) {
          w1.grad().data()[j * inputs + i] += g * x.data()[s * inputs + i];
          dx.data()[s * inputs + i] += g * w1.value().data()[j * inputs + i];
        }
      }
    }
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(w1, b1, w2, b2);
  }
}
