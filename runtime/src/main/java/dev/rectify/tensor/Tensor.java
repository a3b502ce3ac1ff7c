package dev.rectify.tensor;

import java.util.Arrays;

/**
 * A dense, row-major float32 array with a shape: the one data type the runtime moves between
 * layers. The first dimension is the batch. {@link #data()} is the live backing array (no copy):
 * kernels work on it directly with offsets.
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(128, 784);   // a batch of 128 flattened MNIST images
 * x.data()[0] = 1f;
 * Tensor images = x.reshape(128, 1, 28, 28);  // same data, new shape
 * }</pre>
 */
public final class Tensor {
  /**
   * The most elements a tensor can hold: the largest {@code float[]} every JVM allocates (HotSpot
   * refuses lengths within a few words of {@code Integer.MAX_VALUE}; the JDK's own collections stop
   * at the same bound).
   */
  public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private final float[] data;
  private final int[] shape;

  private Tensor(float[] data, int[] shape) {
    long size = sizeOf(shape);
    if (size != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + size + " floats, got " + data.length);
    }
    this.data = data;
    this.shape = shape;
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[(int) sizeOf(shape)], shape.clone());
  }

  /** Wraps {@code data} without copying. */
  public static Tensor wrap(float[] data, int... shape) {
    return new Tensor(data, shape.clone());
  }

  /** The backing array, row-major; writes are visible through this tensor. */
  public float[] data() {
    return data;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The size of dimension {@code i}; negative {@code i} counts from the end. */
  public int dim(int i) {
    return shape[i < 0 ? shape.length + i : i];
  }

  public int rank() {
    return shape.length;
  }

  /** The number of elements. */
  public int size() {
    return data.length;
  }

  /** The same data seen with another shape of the same size. */
  public Tensor reshape(int... newShape) {
    return new Tensor(data, newShape.clone());
  }

  /** Whether this tensor has exactly the given shape. */
  public boolean hasShape(int... other) {
    return Arrays.equals(shape, other);
  }

  /** A deep copy. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  /** Sets every element to {@code value}. */
  public Tensor fill(float value) {
    Arrays.fill(data, value);
    return this;
  }

  /** The element at the given index (one int per dimension). */
  public float get(int... index) {
    return data[offset(index)];
  }

  /** Sets the element at the given index (one int per dimension). */
  public void set(float value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
    }
    int off = 0;
    for (int d = 0; d < shape.length; d++) {
      if (index[d] < 0 || index[d] >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
      }
      off = off * shape[d] + index[d];
    }
    return off;
  }

  /**
   * The number of elements a shape holds, at most {@link #MAX_SIZE}.
   *
   * @throws IllegalArgumentException if a dimension is negative or no tensor can be that large
   */
  public static long sizeOf(int... shape) {
    boolean empty = false;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      empty |= d == 0;
    }
    if (empty) {
      return 0; // even [2^30, 2^30, 0]: checking the running product would reject it
    }
    long size = 1;
    for (int d : shape) {
      // Cannot overflow: size <= MAX_SIZE < 2^31 before and d < 2^31.
      size *= d;
      if (size > MAX_SIZE) {
        throw new IllegalArgumentException(
            "shape "
                + Arrays.toString(shape)
                + " holds more than "
                + MAX_SIZE
                + " elements, the most a tensor can hold");
      }
    }
    return size;
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
