package dev.rectify.data;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The datasets Rectify knows, as train/test splits with pixels scaled to [0, 1] and images shaped
 * {@code [N, 1, H, W]} ({@link Dataset#flatten()} them for an MLP).
 *
 * <pre>{@code
 * DatasetSplit digits = Datasets.digits();   // bundled, works offline: 1438 train, 359 test
 * DatasetSplit mnist = Datasets.mnist();     // 60000 + 10000, found through DataLocator
 * Standardizer s = Standardizer.fit(mnist.train());
 * DatasetSplit standardized = s.apply(mnist);
 * }</pre>
 */
public final class Datasets {
  /** The seed of {@link #digits()}'s split, fixed so that results compare across runs. */
  public static final long DIGITS_SPLIT_SEED = 0;

  /** The held-out fraction of {@link #digits()}. */
  public static final double DIGITS_TEST_FRACTION = 0.2;

  private Datasets() {}

  /** MNIST from the folder {@link DataLocator} finds ({@code <data>/mnist}). */
  public static DatasetSplit mnist() throws IOException {
    return mnist(DataLocator.require("mnist"));
  }

  /** MNIST from {@code dir}, which holds the four standard IDX files (gzipped or not). */
  public static DatasetSplit mnist(Path dir) throws IOException {
    return idx("mnist", dir);
  }

  /** Fashion-MNIST from the folder {@link DataLocator} finds ({@code <data>/fashion-mnist}). */
  public static DatasetSplit fashionMnist() throws IOException {
    return fashionMnist(DataLocator.require("fashion-mnist"));
  }

  /** Fashion-MNIST from {@code dir}, with MNIST's file names. */
  public static DatasetSplit fashionMnist(Path dir) throws IOException {
    return idx("fashion-mnist", dir);
  }

  /**
   * The bundled UCI digits (1,797 samples of 8x8, pixels 0..16 scaled to [0, 1]) split 80/20 per
   * class with {@link #DIGITS_SPLIT_SEED}: the set has no official split, and a stratified one
   * keeps the ten classes balanced in a test set of only 359 samples.
   */
  public static DatasetSplit digits() throws IOException {
    return digits(DIGITS_SPLIT_SEED);
  }

  /** The bundled digits, split as {@link #digits()} does but with another seed. */
  public static DatasetSplit digits(long seed) throws IOException {
    Dataset all = DigitsCsv.load();
    divideInPlace(all.features(), 16f);
    DatasetSplit split = all.stratifiedSplit(DIGITS_TEST_FRACTION, seed);
    return new DatasetSplit(
        split.train().withName("digits-train"), split.test().withName("digits-test"));
  }

  private static DatasetSplit idx(String name, Path dir) throws IOException {
    Path trainImages = existing(dir, "train-images-idx3-ubyte");
    Path testImages = existing(dir, "t10k-images-idx3-ubyte");
    Dataset train = idx(name + "-train", trainImages, existing(dir, "train-labels-idx1-ubyte"));
    Dataset test = idx(name + "-test", testImages, existing(dir, "t10k-labels-idx1-ubyte"));
    // Checked here, not by the model: a mismatch would otherwise surface after a whole epoch as a
    // layer's shape error naming no file, or not at all when the sizes agree (14x56 vs 28x28).
    if (!Arrays.equals(train.sampleShape(), test.sampleShape())) {
      throw new DataFormatException(
          trainImages + " and " + testImages,
          "disagree: train images are "
              + imageSize(train)
              + " but test images are "
              + imageSize(test));
    }
    return new DatasetSplit(train, test);
  }

  /** {@code rows x cols} of the {@code [N, 1, rows, cols]} images IdxReader returns. */
  private static String imageSize(Dataset images) {
    int[] shape = images.sampleShape();
    return shape[1] + "x" + shape[2];
  }

  private static Dataset idx(String name, Path images, Path labels) throws IOException {
    Dataset data = IdxReader.read(name, images, labels, 10);
    // The dataset was just read and is not shared yet: scale in place, saving a copy of 188 MB.
    divideInPlace(data.features(), 255f);
    return data;
  }

  /** {@code dir/base.gz} if present, else {@code dir/base}: both forms are distributed. */
  private static Path existing(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    return Files.isRegularFile(gz) ? gz : dir.resolve(base);
  }

  /** Divides (as torchvision's ToTensor does, rather than multiplying by a rounded 1/255). */
  private static void divideInPlace(Tensor t, float divisor) {
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] /= divisor;
    }
  }
}
