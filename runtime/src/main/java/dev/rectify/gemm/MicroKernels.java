package dev.rectify.gemm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Chooses the micro-kernel, in Lucene's vectorization-provider manner: the Panama kernel lives in a
 * separate source root compiled with {@code --add-modules jdk.incubator.vector}, and is loaded by
 * name only when that module is in the boot layer, so this class never links against the incubator
 * API. Otherwise the scalar kernel runs, and one log line names the flag to add.
 */
final class MicroKernels {
  private static final String PANAMA_256 = "dev.rectify.gemm.Panama256MicroKernel";
  private static final String PANAMA_512 = "dev.rectify.gemm.Panama512MicroKernel";
  private static final System.Logger LOG = System.getLogger(MicroKernels.class.getName());

  private MicroKernels() {}

  /** The kernel {@link Gemm} uses, chosen once. */
  static MicroKernel get() {
    return Holder.INSTANCE;
  }

  /** The scalar kernel, always available. */
  static MicroKernel scalar() {
    return new ScalarMicroKernel();
  }

  /**
   * The Vector API kernel for the CPU's vector width: the 10×16 one with 512-bit vectors, the 5×16
   * one with 256-bit vectors.
   *
   * @throws UnsupportedOperationException when the module is absent or the CPU's vectors are
   *     narrower than the kernel needs
   */
  static MicroKernel panama() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      throw new UnsupportedOperationException(
          "the Vector API is not enabled; add --add-modules jdk.incubator.vector to the java"
              + " command line for a faster GEMM");
    }
    try {
      return load(PANAMA_512);
    } catch (UnsupportedOperationException narrower) {
      return load(PANAMA_256);
    }
  }

  /**
   * A new instance of kernel class {@code name}, whose constructor throws {@link
   * UnsupportedOperationException} when the CPU's vectors are narrower than it needs.
   */
  private static MicroKernel load(String name) {
    try {
      var lookup = MethodHandles.lookup();
      Class<?> type = lookup.findClass(name);
      return (MicroKernel) lookup.findConstructor(type, MethodType.methodType(void.class)).invoke();
    } catch (UnsupportedOperationException e) {
      throw e;
    } catch (Throwable e) {
      throw new LinkageError("cannot load " + name, e);
    }
  }

  private static final class Holder {
    static final MicroKernel INSTANCE = lookup();

    private static MicroKernel lookup() {
      try {
        return panama();
      } catch (UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.INFO, "GEMM uses the scalar micro-kernel: " + e.getMessage());
        return scalar();
      }
    }
  }
}
