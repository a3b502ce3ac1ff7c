package dev.rectify.samples.run;

import dev.rectify.init.Init;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A network shape written on the command line, independent of the activation in it.
 *
 * <ul>
 *   <li>{@code mlp:1000x3}: three hidden dense layers of 1000 units; {@code mlp:512,256} lists the
 *       widths; {@code mlp:64x10} is a deep narrow MLP.
 *   <li>{@code cnn:vgg-small}: VGG-style, no batch norm: conv3x3(32) x2, max-pool, conv3x3(64) x2,
 *       max-pool, conv3x3(128) x2, max-pool, dense to the classes. {@code cnn:vgg-tiny} halves the
 *       channels (16, 32, 64), for runs that must fit on two CPU cores.
 * </ul>
 *
 * Every hidden dense or conv layer is followed by one activation layer, and those are the layers
 * whose sparsity and dead units are watched.
 *
 * @param text the spec as written
 * @param hidden the hidden widths of an MLP, or the channels of a CNN's conv pairs
 * @param convolutional whether it is a CNN
 */
public record ModelSpec(String text, List<Integer> hidden, boolean convolutional) {
  private static final int MAX_WIDTH = 1 << 16;

  public ModelSpec {
    hidden = List.copyOf(hidden);
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static ModelSpec parse(String text) {
    String usage =
        "model '"
            + text
            + "': expected mlp:WIDTHxDEPTH (mlp:1000x3), mlp:W1,W2,... or"
            + " cnn:vgg-small / cnn:vgg-tiny";
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(usage);
    }
    String kind = text.substring(0, colon);
    String arg = text.substring(colon + 1);
    if (kind.equals("cnn")) {
      switch (arg) {
        case "vgg-small":
          return new ModelSpec(text, List.of(32, 64, 128), true);
        case "vgg-tiny":
          return new ModelSpec(text, List.of(16, 32, 64), true);
        default:
          throw new IllegalArgumentException(usage);
      }
    }
    if (!kind.equals("mlp") || arg.isEmpty()) {
      throw new IllegalArgumentException(usage);
    }
    List<Integer> widths = new ArrayList<>();
    try {
      if (arg.matches("\\d+x\\d+")) {
        String[] p = arg.split("x");
        int width = Integer.parseInt(p[0]);
        int depth = Integer.parseInt(p[1]);
        if (depth < 1 || depth > 1000) {
          throw new IllegalArgumentException(usage + "; depth must be in [1, 1000]");
        }
        widths.addAll(Collections.nCopies(depth, width));
      } else {
        for (String w : arg.split(",", -1)) {
          widths.add(Integer.parseInt(w.trim()));
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage);
    }
    for (int w : widths) {
      if (w < 1 || w > MAX_WIDTH) {
        throw new IllegalArgumentException(usage + "; widths must be in [1, " + MAX_WIDTH + "]");
      }
    }
    return new ModelSpec(text, widths, false);
  }

  /**
   * Builds the network for samples of {@code sampleShape} ({@code [C, H, W]} images or flat
   * features) and {@code classes} outputs.
   *
   * @param activation the activation layer after hidden layer {@code i} (from 0), a fresh one each
   * @param afterActivation an extra layer after activation {@code i} (Glorot's negated half), or
   *     null for none
   * @param scheme the weight initialisation of every dense and conv layer
   */
  public Model build(
      int[] sampleShape,
      int classes,
      IntFunction<Layer> activation,
      IntFunction<Layer> afterActivation,
      Init.Scheme scheme,
      long seed) {
    Sequential.Builder b = Sequential.builder(sampleShape);
    Map<String, Integer> watched = new LinkedHashMap<>();
    int index = 0;
    if (convolutional) {
      if (sampleShape.length != 3) {
        throw new IllegalArgumentException(
            text + " needs image samples [C, H, W], got " + Arrays.toString(sampleShape));
      }
      int side = Math.min(sampleShape[1], sampleShape[2]);
      int unit = 0;
      for (int block = 0; block < hidden.size(); block++) {
        for (int conv = 0; conv < 2; conv++) {
          b.conv2d(hidden.get(block), 3, 1, 1, scheme).activation(activation.apply(unit));
          watched.put("conv" + (unit + 1), index + 1);
          index += 2;
          if (afterActivation != null) {
            b.add(afterActivation.apply(unit));
            index++;
          }
          unit++;
        }
        // Pool only while there is something left to halve (8x8 digits reach 1x1).
        if (side >= 2) {
          b.maxPool2d(2);
          index++;
          side /= 2;
        }
      }
      b.flatten().dense(classes, scheme);
    } else {
      if (sampleShape.length != 1) {
        b.flatten();
        index++;
      }
      for (int i = 0; i < hidden.size(); i++) {
        b.dense(hidden.get(i), scheme).activation(activation.apply(i));
        watched.put("h" + (i + 1), index + 1);
        index += 2;
        if (afterActivation != null) {
          b.add(afterActivation.apply(i));
          index++;
        }
      }
      b.dense(classes, scheme);
    }
    return new Model(b.build(seed), watched);
  }

  /**
   * A built network and where its activations are.
   *
   * @param net the network
   * @param watched the activation layers by name ({@code h1}, {@code conv1}, ...), as indices into
   *     {@code net.layers()}, in order
   */
  public record Model(Sequential net, Map<String, Integer> watched) {
    public Model {
      watched = Collections.unmodifiableMap(new LinkedHashMap<>(watched));
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
