package dev.rectify.kernel;

/**
 * bfloat16: the top 16 bits of a float (sign, the full 8-bit exponent, 7 stored mantissa bits).
 * SUGAR layers keep their backward factor in it, 2 bytes per element instead of a 4-byte input:
 * same range as float, relative rounding error at most 2^-8.
 *
 * <pre>{@code
 * short h = Bf16.round(0.3f);   // 0x3E9A
 * float f = Bf16.widen(h);      // 0.30078125f, within 2^-8 of 0.3f
 * }</pre>
 */
public final class Bf16 {
  private Bf16() {}

  /** The quiet NaN every NaN rounds to: a NaN payload must not round up into infinity. */
  public static final short NAN = 0x7FC0;

  /**
   * {@code f} rounded to the nearest bfloat16, ties to even; overflow rounds to infinity as float
   * arithmetic would. Adding {@code 0x7FFF} plus the lowest kept bit to the raw bits and truncating
   * is round-to-nearest-even on the magnitude, carries into the exponent included.
   */
  public static short round(float f) {
    if (f != f) {
      return NAN;
    }
    int bits = Float.floatToRawIntBits(f);
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** The float a bfloat16 stands for, exactly. */
  public static float widen(short h) {
    return Float.intBitsToFloat(h << 16);
  }

  /** {@code dz = dy * widen(factor)} for {@code n} elements; {@code dz} may be {@code dy}. */
  public static void backward(
      float[] dy, int dyOff, short[] factor, int factorOff, float[] dz, int dzOff, int n) {
    for (int i = 0; i < n; i++) {
      dz[dzOff + i] = dy[dyOff + i] * Float.intBitsToFloat(factor[factorOff + i] << 16);
    }
  }
}
