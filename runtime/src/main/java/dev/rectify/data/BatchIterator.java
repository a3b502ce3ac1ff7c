package dev.rectify.data;

import dev.rectify.math.CounterRandom;
import dev.rectify.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches over a dataset, shuffled by a permutation that is a pure function of (seed, epoch):
 * the same seed gives the same batches on every machine, and training resumed at epoch e sees
 * exactly the batches it would have seen. The last batch keeps the remainder, so it may be smaller;
 * every sample is visited once per epoch.
 *
 * <pre>{@code
 * BatchIterator batches = BatchIterator.shuffled(train, 128, seed, epoch);
 * while (batches.hasNext()) {
 *   Batch batch = batches.next();   // its tensors are reused: valid until the next next()
 *   model.forward(batch.features(), context);
 * }
 * }</pre>
 */
public final class BatchIterator implements Iterator<Batch> {
  private final Dataset data;
  private final int batchSize;
  private final int[] order;
  private final int sampleSize;
  private int position;
  private Batch buffer;

  private BatchIterator(Dataset data, int batchSize, int[] order) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.order = order;
    this.sampleSize = data.sampleSize();
  }

  /** Batches in the order of {@link #permutation(int, long, int) permutation(N, seed, epoch)}. */
  public static BatchIterator shuffled(Dataset data, int batchSize, long seed, int epoch) {
    return new BatchIterator(data, batchSize, permutation(data.size(), seed, epoch));
  }

  /** Batches in dataset order, for evaluation. */
  public static BatchIterator inOrder(Dataset data, int batchSize) {
    return new BatchIterator(data, batchSize, identity(data.size()));
  }

  /** The sample order of epoch {@code epoch} for a training run seeded with {@code seed}. */
  public static int[] permutation(int size, long seed, int epoch) {
    return Shuffle.permutation(size, CounterRandom.mix(seed, epoch));
  }

  /** The number of batches per epoch, counting the last partial one. */
  public int batchCount() {
    return (order.length + batchSize - 1) / batchSize;
  }

  @Override
  public boolean hasNext() {
    return position < order.length;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int size = Math.min(batchSize, order.length - position);
    if (buffer == null || buffer.size() != size) {
      int[] shape = data.features().shape();
      shape[0] = size;
      buffer = new Batch(Tensor.zeros(shape), new int[size], new int[size]);
    }
    float[] from = data.features().data();
    float[] to = buffer.features().data();
    for (int i = 0; i < size; i++) {
      int sample = order[position + i];
      System.arraycopy(from, sample * sampleSize, to, i * sampleSize, sampleSize);
      buffer.labels()[i] = data.label(sample);
      buffer.indices()[i] = sample;
    }
    position += size;
    return buffer;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
