package dev.rectify.samples.cli;

import dev.rectify.data.DatasetSplit;
import dev.rectify.samples.run.DataChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The dataset flags every training command shares. */
final class DataOptions {
  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      converter = DataChoiceConverter.class,
      description = "digits (bundled), mnist or fashion-mnist; default: ${DEFAULT-VALUE}")
  DataChoice dataset;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "folder holding mnist/ and fashion-mnist/ (default: -Drectify.data, RECTIFY_DATA,"
              + " or ../shared/data); not for digits, which is bundled")
  Path dataRoot;

  @Option(
      names = "--train-limit",
      paramLabel = "N",
      description = "train on the first N training samples only (0: all)")
  int trainLimit;

  @Option(
      names = "--test-limit",
      paramLabel = "N",
      description = "evaluate on the first N test samples only (0: all)")
  int testLimit;

  DataOptions(DataChoice defaultDataset) {
    this.dataset = defaultDataset;
  }

  /**
   * Refuses values that are out of range or would be ignored, as a usage error (exit 2); commands
   * call it before any work, and {@link #load()} calls it again.
   */
  void check() {
    if (trainLimit < 0 || testLimit < 0) {
      throw new RectifyCli.UsageException("--train-limit and --test-limit must be >= 0");
    }
    if (dataRoot != null && !dataset.inDataFolder()) {
      String applies =
          Arrays.stream(DataChoice.values())
              .filter(DataChoice::inDataFolder)
              .map(DataChoice::cliName)
              .collect(Collectors.joining(" and "));
      throw new RectifyCli.UsageException(
          "--data applies to --dataset "
              + applies
              + " only; "
              + dataset.cliName()
              + " is bundled with rectify");
    }
  }

  DatasetSplit load() throws IOException {
    check();
    return dataset.load(dataRoot, trainLimit, testLimit);
  }

  /** A short description for tables: {@code mnist (first 10000 train)}. */
  String describe(DatasetSplit split) {
    return String.format(
        "%s (%d train, %d test)", dataset.cliName(), split.train().size(), split.test().size());
  }

  /** Turns a bad {@code --dataset} into picocli's usage error (exit 2). */
  static final class DataChoiceConverter implements picocli.CommandLine.ITypeConverter<DataChoice> {
    @Override
    public DataChoice convert(String value) {
      try {
        return DataChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
