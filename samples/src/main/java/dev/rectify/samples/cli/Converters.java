package dev.rectify.samples.cli;

import dev.rectify.samples.run.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag values parsed by picocli, so that a malformed one is a usage error (exit 2). */
final class Converters {
  private Converters() {}

  static final class Model implements ITypeConverter<ModelSpec> {
    @Override
    public ModelSpec convert(String value) {
      try {
        return ModelSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * Seeds as {@code 0,1,2} or a count {@code 3} (meaning 0, 1, 2). A seed listed twice is refused
   * rather than dropped: both runs would write to the same directory, and a repeated seed is more
   * likely a typo for another one.
   */
  static List<Long> seeds(String value) {
    String usage = "--seeds '" + value + "': expected a count (3) or a list (0,1,2)";
    List<Long> seeds = new ArrayList<>();
    try {
      if (!value.contains(",")) {
        int count = Integer.parseInt(value.trim());
        if (count < 1 || count > 100) {
          throw new RectifyCli.UsageException("--seeds: a count must be in [1, 100]");
        }
        for (long s = 0; s < count; s++) {
          seeds.add(s);
        }
      } else {
        // -1 keeps trailing empty items ("1,"), so that they are refused like inner ones
        for (String s : value.split(",", -1)) {
          if (s.isBlank()) {
            throw new RectifyCli.UsageException(usage + ", with no empty items");
          }
          seeds.add(Long.parseLong(s.trim()));
        }
        Checks.distinct("--seeds", seeds);
      }
    } catch (NumberFormatException e) {
      throw new RectifyCli.UsageException(usage);
    }
    return seeds;
  }
}
