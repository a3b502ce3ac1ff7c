package dev.rectify.samples.run;

import dev.rectify.data.DataLocator;
import dev.rectify.data.Dataset;
import dev.rectify.data.DatasetSplit;
import dev.rectify.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The datasets the samples train on. The bundled digits set needs nothing on disk; MNIST and
 * Fashion-MNIST come from the data folder ({@code --data DIR}, else {@code rectify.data} / {@code
 * RECTIFY_DATA}, else {@code ../shared/data}, as {@link dev.rectify.data.DataLocator} finds it).
 */
public enum DataChoice {
  DIGITS("digits"),
  MNIST("mnist"),
  FASHION_MNIST("fashion-mnist");

  private final String cliName;

  DataChoice(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line. */
  public String cliName() {
    return cliName;
  }

  /** Whether it is read from the data folder; digits is bundled in the jar instead. */
  public boolean inDataFolder() {
    return this != DIGITS;
  }

  /** The choice named {@code name} on the command line. */
  public static DataChoice parse(String name) {
    for (DataChoice c : values()) {
      if (c.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '" + name + "'; choose digits, mnist or fashion-mnist");
  }

  /**
   * Loads the split, from {@code dataRoot/<name>} when {@code dataRoot} is given, and keeps the
   * first {@code trainLimit} training and {@code testLimit} test samples (0 keeps all). The first
   * samples rather than a random draw: the IDX files are not sorted by class, and the same prefix
   * is what a reader gets with {@code head}.
   *
   * @throws IllegalArgumentException when {@code dataRoot} is given for digits, which would ignore
   *     it
   */
  public DatasetSplit load(Path dataRoot, int trainLimit, int testLimit) throws IOException {
    if (!inDataFolder() && dataRoot != null) {
      throw new IllegalArgumentException(
          cliName + " is bundled and not read from " + dataRoot + "; drop the data folder");
    }
    if (dataRoot != null && !Files.isDirectory(dataRoot.resolve(cliName))) {
      // Datasets.mnist(dir) would name only the first missing file; say which setting is wrong.
      throw new NoSuchFileException(
          dataRoot.resolve(cliName).toString(),
          null,
          "not found; --data DIR must hold "
              + cliName
              + "/ (or drop --data to use -D"
              + DataLocator.PROPERTY
              + ", "
              + DataLocator.ENVIRONMENT
              + " or ../shared/data)");
    }
    DatasetSplit split;
    switch (this) {
      case DIGITS:
        split = Datasets.digits();
        break;
      case MNIST:
        split = dataRoot == null ? Datasets.mnist() : Datasets.mnist(dataRoot.resolve("mnist"));
        break;
      case FASHION_MNIST:
        split =
            dataRoot == null
                ? Datasets.fashionMnist()
                : Datasets.fashionMnist(dataRoot.resolve("fashion-mnist"));
        break;
      default:
        throw new AssertionError(this);
    }
    return new DatasetSplit(prefix(split.train(), trainLimit), prefix(split.test(), testLimit));
  }

  private static Dataset prefix(Dataset data, int limit) {
    if (limit <= 0 || limit >= data.size()) {
      return data;
    }
    return data.subset(data.name(), IntStream.range(0, limit).toArray());
  }

  @Override
  public String toString() {
    return cliName;
  }
}
