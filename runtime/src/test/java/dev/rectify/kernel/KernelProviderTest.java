package dev.rectify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/** The provider's decision follows the boot layer, and a missing kernel class is an error. */
class KernelProviderTest {

  @Test
  void powersOfTwo_takeEveryBinadeAndSign_andNothingElse() {
    for (double v : new double[] {1, -1, 2, 0.5, -0.25, 0x1p-7, 0x1p1023, Double.MIN_NORMAL}) {
      assertTrue(KernelProvider.powersOfTwo(v), Double.toString(v));
    }
    assertTrue(KernelProvider.powersOfTwo(Double.MIN_VALUE)); // 2^-1074, subnormal
    assertTrue(KernelProvider.powersOfTwo(0x1p-1030));
    assertTrue(KernelProvider.powersOfTwo()); // vacuously
    assertTrue(KernelProvider.powersOfTwo(4, -0.125));
    double[] not = {
      0,
      -0.0,
      3,
      1.702,
      0.1,
      -1.5,
      Math.nextUp(1.0),
      3 * Double.MIN_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MAX_VALUE
    };
    for (double v : not) {
      assertFalse(KernelProvider.powersOfTwo(v), Double.toString(v));
    }
    assertFalse(KernelProvider.powersOfTwo(2, 3));
  }

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
