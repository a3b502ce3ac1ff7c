package dev.rectify.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void sizeOf_multipliesTheDimensions() {
    assertEquals(60000L * 28 * 28, Tensor.sizeOf(60000, 1, 28, 28));
    assertEquals(1, Tensor.sizeOf());
    assertEquals(Tensor.MAX_SIZE, Tensor.sizeOf(Tensor.MAX_SIZE, 1));
  }

  @Test
  void sizeOf_aZeroDimensionIsEmpty_evenNextToHugeOnes() {
    assertEquals(0, Tensor.sizeOf(1 << 30, 1 << 30, 0));
  }

  @Test
  void sizeOf_productThatWrapsALong_isRejected() {
    // 2^22 * 2^21 * 2^21 = 2^64, which a plain long product turns into 0
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.sizeOf(1 << 22, 1 << 21, 1 << 21));
    assertEquals(
        "shape [4194304, 2097152, 2097152] holds more than 2147483639 elements,"
            + " the most a tensor can hold",
        e.getMessage());
  }

  @Test
  void sizeOf_moreThanAnArrayHolds_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.sizeOf(Tensor.MAX_SIZE + 1));
    assertThrows(IllegalArgumentException.class, () -> Tensor.sizeOf(65536, 65536));
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16, 1 << 16));
  }

  @Test
  void wrap_cannotBeFooledByAnOverflowingShape() {
    // before the check, this shape's size wrapped to 0 and matched the empty array
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.wrap(new float[0], 1 << 22, 1, 1 << 21, 1 << 21));
  }

  @Test
  void sizeOf_negativeDimension_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.sizeOf(3, -1));
  }
}
