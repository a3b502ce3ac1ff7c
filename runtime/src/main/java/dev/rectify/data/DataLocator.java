package dev.rectify.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the folder that holds external datasets ({@code mnist/}, {@code fashion-mnist/}, ...), so
 * that neither code nor tests hard-code a path. The first of these wins:
 *
 * <ol>
 *   <li>the system property {@code rectify.data} ({@code -Drectify.data=/data}),
 *   <li>the environment variable {@code RECTIFY_DATA},
 *   <li>{@code ../shared/data} or {@code ../../shared/data} from the working directory, if it
 *       exists (the project's layout, from the repository root or from a module).
 * </ol>
 *
 * <p>An explicit setting is taken as given even if the folder is missing, so a typo surfaces as an
 * error that names the folder instead of silently falling back.
 *
 * <pre>{@code
 * Optional<Path> mnist = DataLocator.find("mnist");       // for tests that skip without data
 * Path dir = DataLocator.require("fashion-mnist");       // for code that cannot go on without
 * }</pre>
 */
public final class DataLocator {
  /** The system property that names the data folder. */
  public static final String PROPERTY = "rectify.data";

  /** The environment variable that names the data folder. */
  public static final String ENVIRONMENT = "RECTIFY_DATA";

  private DataLocator() {}

  /** The data folder, if set or found. */
  public static Optional<Path> root() {
    return root(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Path.of(""));
  }

  /** {@code root/dataset} if it is an existing folder. */
  public static Optional<Path> find(String dataset) {
    return root().map(r -> r.resolve(dataset)).filter(Files::isDirectory);
  }

  /** {@code root/dataset}, or an exception that says where it was looked for and how to set it. */
  public static Path require(String dataset) throws NoSuchFileException {
    Optional<Path> root = root();
    Path dir = root.map(r -> r.resolve(dataset)).orElse(null);
    if (dir == null || !Files.isDirectory(dir)) {
      String where = dir == null ? "no data folder found" : "not found at " + dir.toAbsolutePath();
      throw new NoSuchFileException(
          dataset,
          null,
          where
              + "; set -D"
              + PROPERTY
              + "=DIR or "
              + ENVIRONMENT
              + "=DIR to the folder that"
              + " holds "
              + dataset
              + "/");
    }
    return dir;
  }

  /** The lookup itself, with its inputs passed in so tests can vary them. */
  static Optional<Path> root(String property, String environment, Path workingDir) {
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property));
    }
    if (environment != null && !environment.isBlank()) {
      return Optional.of(Path.of(environment));
    }
    Path cwd = workingDir.toAbsolutePath();
    for (String relative : new String[] {"../shared/data", "../../shared/data"}) {
      Path candidate = cwd.resolve(relative).normalize();
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
