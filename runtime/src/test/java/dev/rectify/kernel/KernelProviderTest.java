package dev.rectify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/** The provider's decision follows the boot layer, and a missing kernel class is an error. */
class KernelProviderTest {

  @Test
  void vectorEnabled_followsTheBootLayer() {
    assertEquals(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        KernelProvider.vectorEnabled());
  }

  @Test
  void decision_saysWhichKernelsRunAndNamesTheFlag() {
    String on = KernelProvider.decision(true);
    String off = KernelProvider.decision(false);
    assertTrue(
        on.contains("Vector API kernels") && on.contains("--add-modules jdk.incubator.vector"), on);
    assertTrue(
        off.contains("scalar kernels") && off.contains("--add-modules jdk.incubator.vector"), off);
  }

  @Test
  void unary_withoutTheModule_isNull() {
    assumeTrue(!KernelProvider.vectorEnabled());
    assertNull(KernelProvider.unary(MethodHandles.lookup(), "NoSuchVectorKernels"));
  }

  @Test
  void unary_missingClass_failsLoudly() {
    assumeTrue(KernelProvider.vectorEnabled());
    assertThrows(
        LinkageError.class,
        () -> KernelProvider.unary(MethodHandles.lookup(), "NoSuchVectorKernels", 1.0));
  }
}
