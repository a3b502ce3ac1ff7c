package dev.rectify.data;

import static dev.rectify.data.IdxReaderTest.gzip;
import static dev.rectify.data.IdxReaderTest.images;
import static dev.rectify.data.IdxReaderTest.labels;
import static dev.rectify.data.LoadFailures.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets on tiny IDX folders laid out as MNIST's. */
class DatasetsTest {
  @TempDir Path dir;

  @Test
  void matchingSplits_loadScaled() throws IOException {
    writeSplit("train", 2, 2);
    writeSplit("t10k", 2, 2);
    DatasetSplit split = Datasets.mnist(dir);
    assertArrayEquals(new int[] {1, 2, 2}, split.test().sampleShape());
    assertEquals(1f, split.train().features().get(0, 0, 0, 0));
    assertEquals("mnist-test", split.test().name());
  }

  @Test
  void testImagesOfAnotherSize_namesBothFilesAndShapes() throws IOException {
    // failed after a whole epoch with "dense(64 -> 128) needs input [N, 64], got Tensor[32, 784]"
    Path train = writeSplit("train", 8, 8);
    Path test = writeSplit("t10k", 28, 28);
    assertMessage(
        train + " and " + test + ": disagree: train images are 8x8 but test images are 28x28",
        () -> Datasets.mnist(dir));
  }

  @Test
  void testImagesOfTheSameSizeButAnotherShape_areRejectedToo() throws IOException {
    // 14x56 = 28x28 = 784 pixels: a flattened MLP would have trained and tested on nonsense
    Path train = writeSplit("train", 28, 28);
    Path test = writeSplit("t10k", 14, 56);
    assertMessage(
        train + " and " + test + ": disagree: train images are 28x28 but test images are 14x56",
        () -> Datasets.fashionMnist(dir));
  }

  /** Two images of rows x cols, the first pixel 255, and their labels; returns the images file. */
  private Path writeSplit(String prefix, int rows, int cols) throws IOException {
    byte[] images = images(2, rows, cols, 255);
    Path file = Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), gzip(images));
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels(3, 4));
    return file;
  }
}
