package dev.rectify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** bfloat16 rounding: nearest, ties to even, NaN kept, overflow to infinity; the backward loop. */
class Bf16Test {

  @Test
  void round_isNearestTiesToEven() {
    assertEquals((short) 0x3F80, Bf16.round(1f));
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to the even 1
    assertEquals((short) 0x3F80, Bf16.round(1f + 0x1p-8f));
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6: ties to even, up
    assertEquals((short) 0x3F82, Bf16.round(1f + 3 * 0x1p-8f));
    assertEquals((short) 0x3F81, Bf16.round(Math.nextUp(1f + 0x1p-8f)));
    assertEquals((short) 0xBF80, Bf16.round(-1f));
    assertEquals((short) 0x8000, Bf16.round(-0f));
  }

  @Test
  void round_keepsSpecialValues() {
    assertEquals(Bf16.NAN, Bf16.round(Float.intBitsToFloat(0x7F800001))); // not rounded to inf
    assertEquals(Bf16.NAN, Bf16.round(Float.NaN));
    assertEquals(Float.POSITIVE_INFINITY, Bf16.widen(Bf16.round(Float.POSITIVE_INFINITY)));
    assertEquals(Float.NEGATIVE_INFINITY, Bf16.widen(Bf16.round(-Float.MAX_VALUE)));
    assertEquals(0x1p-133f, Bf16.widen(Bf16.round(0x1p-133f))); // bfloat16 subnormal
    assertEquals(0f, Bf16.widen(Bf16.round(Float.MIN_VALUE))); // below half of its least
  }

  @Test
  void round_relativeErrorAtMost2ToMinus8() {
    Random r = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) (r.nextGaussian() * Math.exp(20 * r.nextGaussian()));
      if (Math.abs(f) < Float.MIN_NORMAL || Float.isInfinite(f)) {
        continue;
      }
      float back = Bf16.widen(Bf16.round(f));
      assertTrue(Math.abs(back - f) <= 0x1p-8 * Math.abs(f), f + " -> " + back);
    }
  }

  @Test
  void backward_multipliesByTheWidenedFactor() {
    float[] dy = {2f, -3f, 0.5f, 7f};
    short[] factor = {Bf16.round(1.5f), Bf16.round(0.25f), Bf16.round(-2f), 0};
    float[] dz = new float[5];
    Bf16.backward(dy, 1, factor, 1, dz, 2, 3);
    assertEquals(-0.75f, dz[2]);
    assertEquals(-1f, dz[3]);
    assertEquals(0f, dz[4]);
  }
}
