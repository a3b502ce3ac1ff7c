package dev.rectify.data;

import dev.rectify.math.CounterRandom;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Labelled samples held in memory: features {@code [N, ...]} (images as {@code [N, C, H, W]}) and
 * one integer label in {@code [0, numClasses)} per sample. Immutable by convention: the methods
 * that derive a dataset copy, and callers must not write into {@link #features()}.
 *
 * <pre>{@code
 * DatasetSplit digits = Datasets.digits();                 // [N, 1, 8, 8], values in [0, 1]
 * Dataset train = digits.train().flatten();                // [N, 64] for an MLP
 * DatasetSplit tv = train.split(0.1, 42);                  // hold out 10 % for validation
 * }</pre>
 */
public final class Dataset {
  private final String name;
  private final Tensor features;
  private final int[] labels;
  private final int numClasses;

  /**
   * A dataset over {@code features} (not copied) and {@code labels} (copied).
   *
   * @throws IllegalArgumentException if the sample counts disagree or a label is out of range
   */
  public Dataset(String name, Tensor features, int[] labels, int numClasses) {
    if (features.rank() < 2 || features.dim(0) != labels.length) {
      throw new IllegalArgumentException(
          name
              + ": features "
              + Arrays.toString(features.shape())
              + " do not match "
              + labels.length
              + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            name
                + ": label "
                + labels[i]
                + " at index "
                + i
                + " is not in [0, "
                + numClasses
                + ")");
      }
    }
    this.name = name;
    this.features = features;
    this.labels = labels.clone();
    this.numClasses = numClasses;
  }

  /** A name for logs, such as {@code "mnist-train"}. */
  public String name() {
    return name;
  }

  /** The number of samples N. */
  public int size() {
    return labels.length;
  }

  /** The shape of one sample, without N. */
  public int[] sampleShape() {
    int[] shape = features.shape();
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** The number of floats in one sample. */
  public int sampleSize() {
    return labels.length == 0 ? 0 : features.size() / labels.length;
  }

  /** All features, {@code [N, ...]}: the live tensor, read only. */
  public Tensor features() {
    return features;
  }

  /** The label of sample {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** A copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  public int numClasses() {
    return numClasses;
  }

  /** The same samples with each flattened to one dimension, {@code [N, features]}; no copy. */
  public Dataset flatten() {
    return new Dataset(name, features.reshape(size(), sampleSize()), labels, numClasses);
  }

  /** The same samples under another name; no copy. */
  public Dataset withName(String newName) {
    return new Dataset(newName, features, labels, numClasses);
  }

  /** The samples at {@code indices}, in that order, copied. */
  public Dataset subset(String subsetName, int[] indices) {
    int sample = sampleSize();
    int[] shape = features.shape();
    shape[0] = indices.length;
    Tensor out = Tensor.zeros(shape);
    int[] outLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features.data(), indices[i] * sample, out.data(), i * sample, sample);
      outLabels[i] = labels[indices[i]];
    }
    return new Dataset(subsetName, out, outLabels, numClasses);
  }

  /**
   * A seeded random split: {@code round(heldOutFraction * N)} samples, chosen by a permutation
   * drawn from {@code seed}, go to {@link DatasetSplit#test()}; both parts keep this dataset's
   * order. Use it to carve a validation set out of training data.
   */
  public DatasetSplit split(double heldOutFraction, long seed) {
    checkFraction(heldOutFraction);
    int[] order = Shuffle.permutation(size(), seed);
    int heldOut = (int) Math.round(heldOutFraction * size());
    return parts(
        Arrays.copyOfRange(order, heldOut, order.length), Arrays.copyOfRange(order, 0, heldOut));
  }

  /**
   * Like {@link #split} but per class: {@code round(heldOutFraction * n_c)} samples of each class c
   * go to the held-out part, so both parts keep the class proportions.
   */
  public DatasetSplit stratifiedSplit(double heldOutFraction, long seed) {
    checkFraction(heldOutFraction);
    int[] keep = new int[size()];
    int[] hold = new int[size()];
    int kept = 0;
    int held = 0;
    for (int c = 0; c < numClasses; c++) {
      int[] members = indicesOf(c);
      // Negative salts: BatchIterator derives epoch e's order as mix(seed, e), e >= 0, and a
      // split should not share draws with a training order of the same seed.
      int[] order = Shuffle.permutation(members.length, CounterRandom.mix(seed, -1 - c));
      int heldOut = (int) Math.round(heldOutFraction * members.length);
      for (int i = 0; i < members.length; i++) {
        if (i < heldOut) {
          hold[held++] = members[order[i]];
        } else {
          keep[kept++] = members[order[i]];
        }
      }
    }
    return parts(Arrays.copyOf(keep, kept), Arrays.copyOf(hold, held));
  }

  private DatasetSplit parts(int[] train, int[] test) {
    Arrays.sort(train);
    Arrays.sort(test);
    return new DatasetSplit(subset(name + "-train", train), subset(name + "-heldout", test));
  }

  private int[] indicesOf(int label) {
    return IntStream.range(0, size()).filter(i -> labels[i] == label).toArray();
  }

  private static void checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("held-out fraction must be in [0, 1], got " + fraction);
    }
  }

  @Override
  public String toString() {
    return name + " " + Arrays.toString(features.shape()) + ", " + numClasses + " classes";
  }
}
