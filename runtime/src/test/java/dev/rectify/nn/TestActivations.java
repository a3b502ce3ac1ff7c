package dev.rectify.nn;

import java.util.List;

/**
 * Hand-written stand-ins for processor-generated activation layers, following the kernel contract
 * of {@link UnaryActivationLayer}: one with mask storage (ReLU) and one with input storage (tanh),
 * so fusion and gradients can be tested in the runtime module on its own.
 */
final class TestActivations {
  private TestActivations() {}

  static Relu relu() {
    return new Relu();
  }

  static Tanh tanh() {
    return new Tanh();
  }

  /** max(x, 0); backward keeps one bit per element: x > 0. */
  static final class Relu extends UnaryActivationLayer {
    private static final ActivationInfo INFO =
        new ActivationInfo(
            "test-relu",
            "max(x, 0)",
            "max(x, 0)",
            "x > 0 ? 1 : 0",
            ActivationInfo.Origin.SYMBOLIC,
            BackwardStorage.MASK,
            List.of(),
            1,
            false,
            List.of(),
            "test ReLU");

    @Override
    public String name() {
      return "test-relu";
    }

    @Override
    public ActivationInfo info() {
      return INFO;
    }

    @Override
    public Layer newLayer() {
      return new Relu();
    }

    @Override
    public float apply(float x) {
      return Math.max(x, 0f);
    }

    @Override
    public float gradient(float x) {
      return x > 0 ? 1f : 0f;
    }

    @Override
    public void gradient(float[] x, int xOff, float[] g, int gOff, int n) {
      for (int i = 0; i < n; i++) {
        g[gOff + i] = gradient(x[xOff + i]);
      }
    }

    @Override
    protected void forwardEval(float[] x, int xOff, float[] y, int yOff, int n, int first) {
      for (int i = 0; i < n; i++) {
        y[yOff + i] = Math.max(x[xOff + i], 0f);
      }
    }

    @Override
    protected void forwardTrain(
        float[] x,
        int xOff,
        float[] y,
        int yOff,
        int n,
        int first,
        long key,
        long[] mask,
        int maskBit) {
      for (int i = 0; i < n; i++) {
        float v = x[xOff + i];
        int bit = maskBit + i;
        long m = 1L << (bit & 63);
        mask[bit >>> 6] = v > 0 ? mask[bit >>> 6] | m : mask[bit >>> 6] & ~m;
        y[yOff + i] = Math.max(v, 0f);
      }
    }

    @Override
    protected void backward(
        float[] dy,
        int dyOff,
        float[] saved,
        int savedOff,
        long[] mask,
        int maskBit,
        float[] dz,
        int dzOff,
        int n,
        int first,
        long key) {
      for (int i = 0; i < n; i++) {
        int bit = maskBit + i;
        dz[dzOff + i] = (mask[bit >>> 6] >>> (bit & 63) & 1L) != 0 ? dy[dyOff + i] : 0f;
      }
    }
  }

  /** tanh(x); backward keeps the input: dz = dy · (1 − tanh²(x)). */
  static final class Tanh extends UnaryActivationLayer {
    private static final ActivationInfo INFO =
        new ActivationInfo(
            "test-tanh",
            "tanh(x)",
            "tanh(x)",
            "1 - tanh(x)^2",
            ActivationInfo.Origin.SYMBOLIC,
            BackwardStorage.INPUT,
            List.of(),
            1,
            false,
            List.of(),
            "test tanh");

    @Override
    public String name() {
      return "test-tanh";
    }

    @Override
    public ActivationInfo info() {
      return INFO;
    }

    @Override
    public Layer newLayer() {
      return new Tanh();
    }

    @Override
    public float apply(float x) {
      return (float) Math.tanh(x);
    }

    @Override
    public float gradient(float x) {
      float t = (float) Math.tanh(x);
      return 1f - t * t;
    }

    @Override
    public void gradient(float[] x, int xOff, float[] g, int gOff, int n) {
      for (int i = 0; i < n; i++) {
        g[gOff + i] = gradient(x[xOff + i]);
      }
    }

    @Override
    protected void forwardEval(float[] x, int xOff, float[] y, int yOff, int n, int first) {
      for (int i = 0; i < n; i++) {
        y[yOff + i] = (float) Math.tanh(x[xOff + i]);
      }
    }

    @Override
    protected void backward(
        float[] dy,
        int dyOff,
        float[] saved,
        int savedOff,
        long[] mask,
        int maskBit,
        float[] dz,
        int dzOff,
        int n,
        int first,
        long key) {
      for (int i = 0; i < n; i++) {
        float t = (float) Math.tanh(saved[savedOff + i]);
        dz[dzOff + i] = dy[dyOff + i] * (1f - t * t);
      }
    }
  }
}
