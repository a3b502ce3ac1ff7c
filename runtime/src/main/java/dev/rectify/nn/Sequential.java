package dev.rectify.nn;

import dev.rectify.init.Init;
import dev.rectify.math.CounterRandom;
import dev.rectify.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Layers applied one after another: a whole model, or a block inside a {@link Residual}.
 *
 * <p>Built once for a sample shape, it gives layer i the forward context {@code
 * context.forLayer(i)} (its own random draws), lists parameters in layer order, and keeps each
 * layer's output of the last forward ({@link #outputs()}) for metrics such as sparsity per layer.
 *
 * <p><b>Fusion.</b> A {@link Dense} or {@link Conv2d} immediately followed by a {@link
 * FusedEpilogue} (every generated activation) runs as one step: the activation is applied to blocks
 * of rows while the GEMM's output is still in cache, and backward computes {@code dZ = dY ⊙ f'}
 * together with the bias gradient. Results are identical to the unfused path. The pre-activations
 * are then overwritten: both layers' entries in {@link #outputs()} are the activation's output.
 * {@link #fusion(boolean) fusion(false)} keeps them.
 *
 * <pre>{@code
 * Sequential mlp = Sequential.builder(784)
 *     .dense(1000).activation(Activations.byName("relu").newLayer())
 *     .dense(10)
 *     .build(42L);
 * Tensor logits = mlp.forward(x, ForwardContext.training(stepKey));
 * Tensor hidden = mlp.outputs().get(1);          // the ReLU's output, [N, 1000]
 * mlp.backward(dLogits);
 *
 * Sequential same = Sequential.of(new int[] {784}, new Dense(784, 1000, 1L), relu,
 *     new Dense(1000, 10, 2L));
 * }</pre>
 */
public final class Sequential implements Layer {
  private final List<Layer> layers;
  private final int[] inputShape;
  private final int[][] shapes; // shapes[i] is layer i's output sample shape
  private final Tensor[] outputs;
  private boolean fusion = true;

  private Sequential(List<Layer> layers, int[] inputShape, int[][] shapes) {
    this.layers = List.copyOf(layers);
    this.inputShape = inputShape.clone();
    this.shapes = shapes;
    this.outputs = new Tensor[layers.size()];
  }

  /** Builds {@code layers} in order for samples of {@code inputShape}. */
  public static Sequential of(int[] inputShape, Layer... layers) {
    return of(inputShape, Arrays.asList(layers));
  }

  /** Builds {@code layers} in order for samples of {@code inputShape}. */
  public static Sequential of(int[] inputShape, List<? extends Layer> layers) {
    int[][] shapes = new int[layers.size()][];
    int[] shape = inputShape.clone();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try {
        shape = layer.build(shape.clone());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "layer " + i + " (" + layer.name() + "): " + e.getMessage(), e);
      }
      shapes[i] = shape.clone();
    }
    return new Sequential(new ArrayList<>(layers), inputShape, shapes);
  }

  /** A fluent builder for samples of {@code inputShape}; sizes are inferred layer by layer. */
  public static Builder builder(int... inputShape) {
    return new Builder(inputShape);
  }

  @Override
  public String name() {
    return "sequential";
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** One input sample's shape. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** One output sample's shape. */
  public int[] outputShape() {
    return layers.isEmpty() ? inputShape.clone() : shapes[shapes.length - 1].clone();
  }

  /** Layer {@code i}'s output sample shape. */
  public int[] outputShape(int i) {
    return shapes[i].clone();
  }

  /** Turns automatic fusion on (the default) or off; results are the same either way. */
  public Sequential fusion(boolean enabled) {
    this.fusion = enabled;
    return this;
  }

  public boolean fusion() {
    return fusion;
  }

  /**
   * Already built for {@code inputShape} (by {@link #of} or the builder): checks that the shape is
   * the same and returns the output shape.
   */
  @Override
  public int[] build(int[] sampleShape) {
    if (!Arrays.equals(sampleShape, inputShape)) {
      throw new IllegalArgumentException(
          "this sequential was built for "
              + Arrays.toString(inputShape)
              + ", not "
              + Arrays.toString(sampleShape));
    }
    return outputShape();
  }

  /** All layers' parameters and buffers, layer by layer, each layer in its own order. */
  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.parameters());
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * The same parameters keyed as PyTorch's {@code state_dict} is: {@code "<layer index>.<name>"},
   * nested blocks adding their own index ({@code "2.0.weight"}).
   */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> named = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      addNamed(named, i + ".", layers.get(i));
    }
    return Collections.unmodifiableMap(named);
  }

  private static void addNamed(Map<String, Parameter> named, String prefix, Layer layer) {
    Layer unwrapped = layer instanceof Residual ? ((Residual) layer).inner() : layer;
    if (unwrapped instanceof Sequential) {
      for (Map.Entry<String, Parameter> e : ((Sequential) unwrapped).namedParameters().entrySet()) {
        named.put(prefix + e.getKey(), e.getValue());
      }
    } else {
      for (Parameter p : unwrapped.parameters()) {
        named.put(prefix + p.name(), p);
      }
    }
  }

  /**
   * Each layer's output in the last forward, index for index with {@link #layers()} (null before
   * the first forward). Valid until the next forward; a fused producer's entry is its activation's
   * output (see the class comment).
   */
  public List<Tensor> outputs() {
    return Collections.unmodifiableList(Arrays.asList(outputs.clone()));
  }

  /** The sum of the L1 activity penalties of the activation layers in the last forward. */
  public double activityPenalty() {
    double sum = 0;
    for (Layer layer : layers) {
      if (layer instanceof UnaryActivationLayer) {
        sum += ((UnaryActivationLayer) layer).penalty();
      } else if (layer instanceof Sequential) {
        sum += ((Sequential) layer).activityPenalty();
      } else if (layer instanceof Residual && ((Residual) layer).inner() instanceof Sequential) {
        sum += ((Sequential) ((Residual) layer).inner()).activityPenalty();
      }
    }
    return sum;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    Tensor x = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (fusedWithNext(i)) {
        FusedEpilogue activation = (FusedEpilogue) layers.get(i + 1);
        x =
            ((FusingLayer) layer)
                .forwardFused(x, context.forLayer(i), activation, context.forLayer(i + 1));
        outputs[i] = x;
        outputs[++i] = x;
      } else {
        x = layer.forward(x, context.forLayer(i));
        outputs[i] = x;
      }
    }
    return x;
  }

  @Override
  public Tensor backward(Tensor gradOutput) {
    Tensor g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (i > 0 && fusedWithNext(i - 1)) {
        g = ((FusingLayer) layers.get(i - 1)).backwardFused(g, (FusedEpilogue) layers.get(i));
        i--;
      } else {
        g = layers.get(i).backward(g);
      }
    }
    return g;
  }

  /**
   * Accumulates every parameter gradient as {@link #backward} does, without computing dLoss/dInput:
   * the data a model is fed needs no gradient (PyTorch skips it too, for inputs without {@code
   * requires_grad}). Layers before the first one with parameters are not visited, and that layer,
   * when a {@link Dense} or {@link Conv2d}, skips its input-gradient product: for an MLP on MNIST
   * that is a tenth of a training step's flops.
   */
  @Override
  public void backwardParameters(Tensor gradOutput) {
    int first = 0;
    while (first < layers.size() && layers.get(first).parameters().isEmpty()) {
      first++;
    }
    Tensor g = gradOutput;
    for (int i = layers.size() - 1; i >= first; i--) {
      if (i > 0 && fusedWithNext(i - 1)) {
        g =
            ((FusingLayer) layers.get(i - 1))
                .backward(g, (FusedEpilogue) layers.get(i), i - 1 > first);
        i--;
      } else if (i == first && layers.get(i) instanceof FusingLayer) {
        ((FusingLayer) layers.get(i)).backward(g, null, false);
      } else {
        g = layers.get(i).backward(g);
      }
    }
  }

  private boolean fusedWithNext(int i) {
    return fusion
        && i + 1 < layers.size()
        && layers.get(i) instanceof FusingLayer
        && layers.get(i + 1) instanceof FusedEpilogue;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Sequential(");
    for (int i = 0; i < layers.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(layers.get(i));
    }
    return s.append(')').toString();
  }

  /**
   * Adds layers by their output size only; input sizes come from the previous layer, and each layer
   * with weights gets its own seed derived from the one given to {@link #build(long)}. Activation
   * layers are passed as instances, one per position (a layer keeps state).
   */
  public static final class Builder {
    private final int[] inputShape;
    private final List<Step> steps = new ArrayList<>();

    private Builder(int[] inputShape) {
      this.inputShape = inputShape.clone();
    }

    /** Makes the layer at one position, given the input sample shape and the layer's seed. */
    private interface Step {
      Layer create(int[] shape, long seed);
    }

    /** A {@link Dense} with He-uniform weights; input samples must be flat. */
    public Builder dense(int out) {
      return dense(out, Init.Scheme.HE_UNIFORM);
    }

    /** A {@link Dense} initialised by {@code scheme}. */
    public Builder dense(int out, Init.Scheme scheme) {
      steps.add((shape, seed) -> new Dense(flatSize(shape), out, scheme, seed));
      return this;
    }

    /** A {@link Conv2d} with He-uniform weights. */
    public Builder conv2d(int outChannels, int kernel, int stride, int padding) {
      return conv2d(outChannels, kernel, stride, padding, Init.Scheme.HE_UNIFORM);
    }

    /** A {@link Conv2d} initialised by {@code scheme}. */
    public Builder conv2d(
        int outChannels, int kernel, int stride, int padding, Init.Scheme scheme) {
      steps.add(
          (shape, seed) ->
              new Conv2d(channels(shape), outChannels, kernel, stride, padding, scheme, seed));
      return this;
    }

    public Builder maxPool2d(int kernel) {
      return add(new MaxPool2d(kernel));
    }

    public Builder maxPool2d(int kernel, int stride) {
      return add(new MaxPool2d(kernel, stride));
    }

    public Builder avgPool2d(int kernel) {
      return add(new AvgPool2d(kernel));
    }

    public Builder avgPool2d(int kernel, int stride) {
      return add(new AvgPool2d(kernel, stride));
    }

    public Builder globalAvgPool() {
      return add(new GlobalAvgPool());
    }

    public Builder flatten() {
      return add(new Flatten());
    }

    public Builder dropout(double p) {
      return add(new Dropout(p));
    }

    /** A {@link BatchNorm} over dimension 1 of the current shape (features or channels). */
    public Builder batchNorm() {
      steps.add((shape, seed) -> new BatchNorm(channels(shape)));
      return this;
    }

    /** An activation layer (or any layer); fused with a Dense or Conv2d just before it. */
    public Builder activation(Layer activation) {
      return add(activation);
    }

    /** Any layer, as is. */
    public Builder add(Layer layer) {
      steps.add((shape, seed) -> layer);
      return this;
    }

    /**
     * A {@link Residual} around the block {@code body} adds to a builder for the current shape:
     * {@code .residual(b -> b.dense(64).activation(relu()).dense(64))}.
     */
    public Builder residual(UnaryOperator<Builder> body) {
      steps.add((shape, seed) -> new Residual(body.apply(new Builder(shape)).build(seed)));
      return this;
    }

    /** Creates and builds the layers; layer i's weights come from {@code mix(seed, i)}. */
    public Sequential build(long seed) {
      List<Layer> layers = new ArrayList<>();
      int[][] shapes = new int[steps.size()][];
      int[] shape = inputShape.clone();
      for (int i = 0; i < steps.size(); i++) {
        Layer layer = steps.get(i).create(shape.clone(), CounterRandom.mix(seed, i));
        try {
          shape = layer.build(shape.clone());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "layer " + i + " (" + layer.name() + "): " + e.getMessage(), e);
        }
        layers.add(layer);
        shapes[i] = shape.clone();
      }
      return new Sequential(layers, inputShape, shapes);
    }

    private static int flatSize(int[] shape) {
      if (shape.length != 1) {
        throw new IllegalArgumentException(
            "dense needs flat samples, got " + Arrays.toString(shape) + "; add flatten() first");
      }
      return shape[0];
    }

    private static int channels(int[] shape) {
      if (shape.length == 0) {
        throw new IllegalArgumentException("a scalar sample has no channel dimension");
      }
      return shape[0];
    }
  }
}
