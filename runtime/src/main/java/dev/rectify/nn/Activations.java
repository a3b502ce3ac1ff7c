package dev.rectify.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The registry of activation functions: every class the processor generates is listed in a
 * generated {@code META-INF/services/dev.rectify.nn.ActivationFunction} entry and found here by its
 * name. Each lookup returns a fresh instance, ready to use as a layer.
 *
 * <pre>{@code
 * Layer act = Activations.byName("sugar-bsilu").newLayer();
 * Activation relu = Activations.unary("relu");
 * }</pre>
 */
public final class Activations {
  private Activations() {}

  private static final class Registry {
    static final Map<String, Supplier<ActivationFunction>> BY_NAME = load();

    private static Map<String, Supplier<ActivationFunction>> load() {
      Map<String, Supplier<ActivationFunction>> byName = new TreeMap<>();
      ServiceLoader<ActivationFunction> loader =
          ServiceLoader.load(ActivationFunction.class, Activations.class.getClassLoader());
      for (ServiceLoader.Provider<ActivationFunction> provider :
          (Iterable<ServiceLoader.Provider<ActivationFunction>>) loader.stream()::iterator) {
        String name = provider.get().name();
        Supplier<ActivationFunction> previous = byName.putIfAbsent(name, provider);
        if (previous != null) {
          throw new IllegalStateException(
              "two activations are registered as '"
                  + name
                  + "': "
                  + previous.get().getClass().getName()
                  + " and "
                  + provider.type().getName());
        }
      }
      return Collections.unmodifiableMap(byName);
    }
  }

  /** The registered names, sorted. */
  public static List<String> names() {
    return new ArrayList<>(Registry.BY_NAME.keySet());
  }

  /** One fresh instance of every registered activation, sorted by name. */
  public static List<ActivationFunction> all() {
    List<ActivationFunction> all = new ArrayList<>();
    for (Supplier<ActivationFunction> s : Registry.BY_NAME.values()) {
      all.add(s.get());
    }
    all.sort(Comparator.comparing(ActivationFunction::name));
    return all;
  }

  /**
   * A fresh instance of the activation registered as {@code name}.
   *
   * @throws IllegalArgumentException naming the closest registered names when there is none
   */
  public static ActivationFunction byName(String name) {
    Supplier<ActivationFunction> s = Registry.BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException(unknown(name));
    }
    return s.get();
  }

  /** A fresh instance of the one-input activation registered as {@code name}. */
  public static Activation unary(String name) {
    ActivationFunction f = byName(name);
    if (!(f instanceof Activation)) {
      throw new IllegalArgumentException("'" + name + "' is a gated activation of two inputs");
    }
    return (Activation) f;
  }

  /** A fresh instance of the gated activation registered as {@code name}. */
  public static GatedActivation gated(String name) {
    ActivationFunction f = byName(name);
    if (!(f instanceof GatedActivation)) {
      throw new IllegalArgumentException("'" + name + "' is not a gated activation");
    }
    return (GatedActivation) f;
  }

  /** The registered names closest to {@code name}, best first (at most three). */
  public static List<String> closest(String name) {
    List<String> names = names();
    names.sort(Comparator.comparingInt((String n) -> editDistance(name, n)).thenComparing(n -> n));
    return names.subList(0, Math.min(3, names.size()));
  }

  private static String unknown(String name) {
    List<String> close = closest(name);
    return "unknown activation '"
        + name
        + "'"
        + (close.isEmpty()
            ? "; none are registered"
            : "; did you mean " + String.join(", ", close) + "?");
  }

  /**
   * The Levenshtein distance between two names: the "did you mean" measure of the registry here and
   * of the processor's diagnostics.
   */
  public static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
