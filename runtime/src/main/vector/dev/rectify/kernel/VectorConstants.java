package dev.rectify.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species (and the few constant vectors) that generated vector kernels and {@link VectorMath}
 * use. They live here, not in the provider or in generated classes, so that the only static fields
 * of a vector type are in this one class, which nothing loads without the module.
 *
 * <p>Kernels whose formula is plain arithmetic run on {@link #FLOATS}: the preferred float shape,
 * but at most 256 bits (8 lanes). Their compares and blends are most of their work, and on AVX-512
 * JDK 17's C2 moves each compare's result between a mask register and a vector register: on Zen 5,
 * at 1M floats, ReLU's training forward took 0.17 ns/elem with sixteen lanes against 0.11 with
 * eight, Hardswish's forward 0.24 against 0.13. Kernels with a transcendental function in float
 * lanes (exp, expm1, tanh, sigmoid: polynomials with few compares) run on {@link #WIDE_FLOATS}, the
 * preferred shape whatever its width: 16 lanes made Sigmoid's forward 0.46 against 0.60, Tanh's
 * 0.51 against 0.75. The others compute in double, as the scalar loops do, on {@link #DOUBLES} (4
 * lanes on AVX2, 8 on AVX-512), reading and writing {@link #HALF_FLOATS}: as many floats as there
 * are double lanes.
 */
public final class VectorConstants {
  private VectorConstants() {}

  /** Float lanes for plain-arithmetic kernels, and for the mask helpers. */
  public static final VectorSpecies<Float> FLOATS =
      FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256
          ? FloatVector.SPECIES_256
          : FloatVector.SPECIES_PREFERRED;

  /** Float lanes for kernels with a transcendental function in float, and the bfloat16 helpers. */
  public static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Double lanes for kernels with a transcendental function. */
  public static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  /** One float per double lane: what a double-lane kernel loads and stores. */
  public static final VectorSpecies<Float> HALF_FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
  static final VectorSpecies<Long> LONGS = DOUBLES.withLanes(long.class);

  /** The bfloat16 helpers' ints and shorts: one per lane of {@link #WIDE_FLOATS}. */
  static final VectorSpecies<Integer> WIDE_INTS = WIDE_FLOATS.withLanes(int.class);

  static final VectorSpecies<Short> WIDE_SHORTS =
      VectorSpecies.of(short.class, VectorShape.forBitSize(WIDE_INTS.vectorBitSize() / 2));

  /**
   * Sixteen bytes, whose first eight are a long's worth of mask bytes: a 64-bit vector would do,
   * but C2 has no one-lane long vector, and its lane(0) falls back to a boxed copy.
   */
  static final VectorSpecies<Byte> BYTES_128 = ByteVector.SPECIES_128;

  /**
   * Lane k holds 1 &lt;&lt; k: a mask blended onto it and OR-reduced gives the mask's bits, and a
   * mask word ANDed with it has lane k nonzero where bit k is set.
   */
  static final IntVector INT_LANE_BITS =
      IntVector.broadcast(INTS, 1).lanewise(VectorOperators.LSHL, IntVector.zero(INTS).addIndex(1));

  static final LongVector LONG_LANE_BITS =
      LongVector.broadcast(LONGS, 1)
          .lanewise(VectorOperators.LSHL, LongVector.zero(LONGS).addIndex(1));
}
