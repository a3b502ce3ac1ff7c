package dev.rectify.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the Vector API kernels the processor generates next to each layer, in Lucene's
 * vectorization-provider manner: a generated {@code <Type>VectorKernels} class is compiled with
 * {@code --add-modules jdk.incubator.vector} and loaded by name, through the layer's own {@link
 * MethodHandles.Lookup}, only when that module is in the boot layer; no class outside it ever links
 * against the incubator API. Without the module every layer runs its scalar loops. Either way one
 * log line, the first time a layer asks, says which kernels run and names the flag.
 *
 * <p>A generated layer's constructor does
 *
 * <pre>{@code
 * vectorKernel(KernelProvider.unary(MethodHandles.lookup(), "SiLUVectorKernels", beta));
 * }</pre>
 *
 * <p>and gets null, meaning "stay scalar", when the Vector API is off, or when the kernel class
 * declares {@code static String unsupported(<its constructor's doubles>)} and that gives a reason
 * for these parameter values (float lanes that hold {@code beta * x} in two floats need |beta|
 * &gt;= 2^-7); the reason is logged once per class.
 */
public final class KernelProvider {
  private static final String MODULE = "jdk.incubator.vector";
  private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());

  private KernelProvider() {}

  /** Whether generated layers run their Vector API kernels in this JVM. */
  public static boolean vectorEnabled() {
    return Holder.ENABLED;
  }

  /**
   * The vector kernel class {@code simpleName} in the package of {@code lookup}'s class, built with
   * its constructor of {@code args.length} doubles; null when the Vector API is off.
   *
   * @throws LinkageError when the module is on but the class cannot be loaded or built
   */
  public static UnaryKernel unary(MethodHandles.Lookup lookup, String simpleName, double... args) {
    return load(lookup, simpleName, UnaryKernel.class, args);
  }

  /**
   * Whether every value is a power of two, +-2^k: a float times one is exact (as long as it stays
   * normal), which generated layers check to pick vector kernels that need no low part for such
   * products (the processor's {@code Lowering.parameterProductsExact}).
   */
  public static boolean powersOfTwo(double... values) {
    for (double v : values) {
      long bits = Double.doubleToRawLongBits(v) & Long.MAX_VALUE;
      long exponent = bits >>> 52;
      long mantissa = bits & ((1L << 52) - 1);
      // a normal power of two has no mantissa bits; a subnormal one, one; inf and NaN are out
      boolean power =
          exponent == 0 ? Long.bitCount(mantissa) == 1 : exponent < 0x7ff && mantissa == 0;
      if (!power) {
        return false;
      }
    }
    return true;
  }

  /** As {@link #unary}, for a gated activation's kernels. */
  public static GatedKernel gated(MethodHandles.Lookup lookup, String simpleName, double... args) {
    return load(lookup, simpleName, GatedKernel.class, args);
  }

  private static <K> K load(
      MethodHandles.Lookup lookup, String simpleName, Class<K> type, double... args) {
    if (!vectorEnabled()) {
      return null;
    }
    String name = lookup.lookupClass().getPackageName() + "." + simpleName;
    try {
      Class<?> kernels = lookup.findClass(name);
      Class<?>[] doubles = new Class<?>[args.length];
      Arrays.fill(doubles, double.class);
      MethodHandle ctor =
          lookup.findConstructor(kernels, MethodType.methodType(void.class, doubles));
      Object[] boxed = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        boxed[i] = args[i];
      }
      String reason = unsupported(lookup, kernels, doubles, boxed);
      if (reason != null) {
        if (UNSUPPORTED_LOGGED.add(name)) {
          LOG.log(System.Logger.Level.INFO, simpleName + ": " + reason + "; scalar kernels");
        }
        return null;
      }
      return type.cast(ctor.invokeWithArguments(boxed));
    } catch (Throwable e) {
      throw new LinkageError("cannot load the vector kernels " + name, e);
    }
  }

  /**
   * The one log line that says which kernels the activation layers run and names the flag that
   * switches: Vector API kernels when {@code jdk.incubator.vector} is in the boot layer, their
   * scalar loops otherwise.
   */
  static String decision(boolean vectorModule) {
    return vectorModule
        ? "activation layers use their Vector API kernels ("
            + MODULE
            + " is enabled; without"
            + " --add-modules "
            + MODULE
            + " they run their scalar loops)"
        : "activation layers use their scalar kernels: add --add-modules "
            + MODULE
            + " to the java command line for the Vector API kernels";
  }

  /** The kernel class's reason to refuse these arguments, or null; null when it declares none. */
  private static String unsupported(
      MethodHandles.Lookup lookup, Class<?> kernels, Class<?>[] doubles, Object[] args)
      throws Throwable {
    MethodHandle check;
    try {
      check =
          lookup.findStatic(kernels, "unsupported", MethodType.methodType(String.class, doubles));
    } catch (NoSuchMethodException none) {
      return null;
    }
    return (String) check.invokeWithArguments(args);
  }

  /** The kernel classes whose refusal has been logged. */
  private static final Set<String> UNSUPPORTED_LOGGED = ConcurrentHashMap.newKeySet();

  private static final class Holder {
    static final boolean ENABLED = lookup();

    private static boolean lookup() {
      boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
      LOG.log(System.Logger.Level.INFO, decision(present));
      return present;
    }
  }
}
