package dev.rectify.samples.nairhinton2010;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.data.Dataset;
import dev.rectify.data.Datasets;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RbmTest {
  @Test
  void cd1_lowersTheReconstructionError_forBothUnitTypes() throws IOException {
    Dataset digits = Datasets.digits().train().flatten();
    for (Rbm.Hidden units : Rbm.Hidden.values()) {
      Rbm rbm = new Rbm(digits.sampleSize(), 32, units, 3L);
      double before = rbm.reconstructionError(digits, 256);
      for (int e = 0; e < 5; e++) {
        rbm.trainEpoch(digits, 32, 0.05, 0.5, 0, 3L, e);
      }
      double after = rbm.reconstructionError(digits, 256);
      assertTrue(after < 0.7 * before, units + ": " + before + " -> " + after);
    }
  }

  @Test
  void nreluFeatures_areRectified_binaryFeaturesAreProbabilities() throws IOException {
    Dataset digits = Datasets.digits().test().flatten();
    Rbm nrelu = new Rbm(digits.sampleSize(), 16, Rbm.Hidden.NRELU, 1L);
    Rbm binary = new Rbm(digits.sampleSize(), 16, Rbm.Hidden.BINARY, 1L);
    boolean someZero = false;
    for (float f : nrelu.features(digits.features()).data()) {
      assertTrue(f >= 0);
      someZero |= f == 0;
    }
    assertTrue(someZero, "max(0, x) with zero-mean weights is zero for some units");
    for (float f : binary.features(digits.features()).data()) {
      assertTrue(f > 0 && f < 1);
    }
  }
}
