package dev.rectify.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsAndDatasetsTest {
  @TempDir Path dir;

  @Test
  void bundledDigits_has1797SamplesOf64PixelsAnd10Classes() throws IOException {
    Dataset digits = DigitsCsv.load();
    assertEquals(1797, digits.size());
    assertArrayEquals(new int[] {1, 8, 8}, digits.sampleShape());
    assertEquals(64, digits.sampleSize());
    assertEquals(10, digits.numClasses());
    int[] counts = new int[10];
    for (int label : digits.labels()) {
      counts[label]++;
    }
    assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
    // the first row of the file: 0,0,5,13,9,1,0,0,...,0 with label 0
    assertEquals(5f, digits.features().get(0, 0, 0, 2));
    assertEquals(0, digits.label(0));
  }

  @Test
  void digitsSplit_isStratifiedScaledAndSeeded() throws IOException {
    DatasetSplit split = Datasets.digits();
    assertEquals(1797, split.train().size() + split.test().size());
    assertEquals(359, split.test().size()); // the sum of round(0.2 * n_c)
    int[] testCounts = new int[10];
    for (int label : split.test().labels()) {
      testCounts[label]++;
    }
    for (int count : testCounts) {
      assertTrue(count == 35 || count == 36 || count == 37, Arrays.toString(testCounts));
    }
    for (float v : split.train().features().data()) {
      assertTrue(v >= 0 && v <= 1);
    }
    assertArrayEquals(split.test().features().data(), Datasets.digits().test().features().data());
    assertNotEquals(
        Arrays.toString(split.test().labels()),
        Arrays.toString(Datasets.digits(1).test().labels()));
  }

  @Test
  void split_partsAreDisjointAndCoverEverything() {
    Dataset data = counting(100);
    DatasetSplit split = data.split(0.1, 7);
    assertEquals(90, split.train().size());
    assertEquals(10, split.test().size());
    Set<Float> seen = new HashSet<>();
    for (float v : split.train().features().data()) {
      seen.add(v);
    }
    for (float v : split.test().features().data()) {
      assertTrue(seen.add(v), "sample " + v + " in both parts");
    }
    assertEquals(100, seen.size());
  }

  @Test
  void standardizer_usesTrainStatisticsPerFeature_andLeavesConstantFeaturesCentred() {
    Tensor x = Tensor.wrap(new float[] {1, 5, 3, 5}, 2, 2);
    Dataset train = new Dataset("t", x, new int[] {0, 1}, 2);
    Standardizer s = Standardizer.fit(train);
    assertArrayEquals(new float[] {2, 5}, s.mean());
    assertArrayEquals(new float[] {1, 1}, s.std());
    assertArrayEquals(new float[] {-1, 0, 1, 0}, s.apply(train).features().data());
  }

  @Test
  void standardizer_imagesArePerChannel() {
    Tensor x = Tensor.wrap(new float[] {0, 2, 10, 10, 4, 6, 10, 10}, 2, 2, 1, 2);
    Standardizer s = Standardizer.fit(new Dataset("t", x, new int[] {0, 0}, 1));
    assertArrayEquals(new float[] {3, 10}, s.mean());
    assertEquals(Math.sqrt(5), s.std()[0], 1e-6);
  }

  @Test
  void digitsCsv_badRow_namesFileAndLine() throws IOException {
    Path file = dir.resolve("digits.csv");
    String good = "0,".repeat(64) + "3\n";
    Files.writeString(file, good + good + "0,".repeat(63) + "3\n", StandardCharsets.US_ASCII);
    IOException e = assertThrows(DataFormatException.class, () -> DigitsCsv.load(file));
    assertEquals(file + ": line 3: expected 65 comma-separated values, got 64", e.getMessage());
    Files.writeString(file, good + "0,".repeat(64) + "10\n", StandardCharsets.US_ASCII);
    e = assertThrows(DataFormatException.class, () -> DigitsCsv.load(file));
    assertEquals(file + ": line 2, column 65: 10 is not in [0, 9]", e.getMessage());
  }

  /** N samples of one feature whose value is the sample's index, labels alternating. */
  static Dataset counting(int n) {
    float[] x = new float[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 2;
    }
    return new Dataset("counting", Tensor.wrap(x, n, 1), y, 2);
  }
}
