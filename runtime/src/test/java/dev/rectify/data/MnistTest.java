package dev.rectify.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real files, when this machine has them (see DataLocator); skipped otherwise. */
class MnistTest {

  @Test
  void mnist_loadsBothSplitsScaled() throws IOException {
    Path dir = dataOrSkip("mnist");
    DatasetSplit mnist = Datasets.mnist(dir);
    assertEquals(60000, mnist.train().size());
    assertEquals(10000, mnist.test().size());
    assertEquals(784, mnist.test().sampleSize());
    float max = 0;
    for (float v : mnist.test().features().data()) {
      assertTrue(v >= 0 && v <= 1);
      max = Math.max(max, v);
    }
    assertEquals(1f, max);
    assertEquals(7, mnist.test().label(0)); // the famous first test digit
  }

  @Test
  void fashionMnist_testSplitHasTenBalancedClasses() throws IOException {
    Path dir = dataOrSkip("fashion-mnist");
    Dataset test =
        IdxReader.read(
            "fashion-test",
            dir.resolve("t10k-images-idx3-ubyte.gz"),
            dir.resolve("t10k-labels-idx1-ubyte.gz"),
            10);
    int[] counts = new int[10];
    for (int label : test.labels()) {
      counts[label]++;
    }
    for (int c : counts) {
      assertEquals(1000, c);
    }
  }

  private static Path dataOrSkip(String name) {
    var dir = DataLocator.find(name);
    assumeTrue(
        dir.isPresent(),
        name
            + " not found: set -D"
            + DataLocator.PROPERTY
            + " or "
            + DataLocator.ENVIRONMENT
            + " to run this test");
    return dir.get();
  }
}
