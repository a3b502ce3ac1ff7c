package dev.rectify.data;

import dev.rectify.tensor.Tensor;

/**
 * Standardisation with statistics from the training set only: {@code x' = (x - mean) / std}, per
 * channel for images ({@code [N, C, H, W]}, like torchvision's {@code Normalize}) and per feature
 * for flat samples ({@code [N, F]}, like scikit-learn's {@code StandardScaler}). A constant feature
 * has std 0 and is only centred (its std is taken as 1), as in scikit-learn.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(split.train());   // never fit on the test set
 * DatasetSplit ready = s.apply(split);
 * }</pre>
 *
 * @param mean one mean per channel or feature
 * @param std one population standard deviation per channel or feature, never 0
 */
public record Standardizer(float[] mean, float[] std) {

  /** Means and standard deviations of {@code train}, accumulated in double. */
  public static Standardizer fit(Dataset train) {
    int groups = groups(train);
    int inner = train.sampleSize() / groups;
    double[] sum = new double[groups];
    double[] sumSquares = new double[groups];
    float[] x = train.features().data();
    for (int i = 0; i < x.length; i++) {
      int g = (i / inner) % groups;
      sum[g] += x[i];
      sumSquares[g] += (double) x[i] * x[i];
    }
    double count = (double) train.size() * inner;
    float[] mean = new float[groups];
    float[] std = new float[groups];
    for (int g = 0; g < groups; g++) {
      double m = sum[g] / count;
      double variance = Math.max(0, sumSquares[g] / count - m * m);
      mean[g] = (float) m;
      std[g] = variance < 1e-12 ? 1f : (float) Math.sqrt(variance);
    }
    return new Standardizer(mean, std);
  }

  /** {@code data} standardised, copied. */
  public Dataset apply(Dataset data) {
    int groups = groups(data);
    if (groups != mean.length) {
      throw new IllegalArgumentException(
          data.name() + " has " + groups + " channels or features, fitted on " + mean.length);
    }
    int inner = data.sampleSize() / groups;
    Tensor out = data.features().copy();
    float[] x = out.data();
    for (int i = 0; i < x.length; i++) {
      int g = (i / inner) % groups;
      x[i] = (x[i] - mean[g]) / std[g];
    }
    return new Dataset(data.name(), out, data.labels(), data.numClasses());
  }

  /** Both parts of {@code split} standardised with these statistics. */
  public DatasetSplit apply(DatasetSplit split) {
    return new DatasetSplit(apply(split.train()), apply(split.test()));
  }

  /** Channels for images, features for flat samples. */
  private static int groups(Dataset data) {
    int[] sample = data.sampleShape();
    return sample.length >= 2 ? sample[0] : data.sampleSize();
  }
}
