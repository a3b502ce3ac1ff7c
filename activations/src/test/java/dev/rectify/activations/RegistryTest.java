package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.ActivationFunction;
import dev.rectify.nn.ActivationInfo;
import dev.rectify.nn.Activations;
import dev.rectify.nn.BackwardStorage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every name of issue #4 resolves through the generated META-INF/services, with its storage. */
class RegistryTest {

  /**
   * The list with the storage each should get: mask for the piecewise-linear ones, the
   * float factor where it shares its exponential with the forward.
   */
  static final Map<String, BackwardStorage> EXPECTED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("relu", BackwardStorage.MASK),
              Map.entry("leaky-relu", BackwardStorage.MASK),
              Map.entry("prelu", BackwardStorage.INPUT),
              Map.entry("rrelu", BackwardStorage.INPUT),
              Map.entry("nrelu", BackwardStorage.MASK),
              Map.entry("relu6", BackwardStorage.MASK),
              Map.entry("relu2", BackwardStorage.INPUT),
              Map.entry("elu", BackwardStorage.INPUT),
              Map.entry("celu", BackwardStorage.INPUT),
              Map.entry("selu", BackwardStorage.INPUT),
              Map.entry("gelu", BackwardStorage.FACTOR),
              Map.entry("gelu-tanh", BackwardStorage.FACTOR),
              Map.entry("silu", BackwardStorage.FACTOR),
              Map.entry("mish", BackwardStorage.FACTOR),
              Map.entry("softplus", BackwardStorage.FACTOR),
              Map.entry("sigmoid", BackwardStorage.OUTPUT),
              Map.entry("tanh", BackwardStorage.OUTPUT),
              Map.entry("softsign", BackwardStorage.INPUT),
              Map.entry("logsigmoid", BackwardStorage.FACTOR),
              Map.entry("hardtanh", BackwardStorage.MASK),
              Map.entry("hardsigmoid", BackwardStorage.MASK),
              Map.entry("hardswish", BackwardStorage.INPUT),
              Map.entry("glu", BackwardStorage.INPUT),
              Map.entry("reglu", BackwardStorage.INPUT),
              Map.entry("geglu", BackwardStorage.INPUT),
              Map.entry("swiglu", BackwardStorage.INPUT),
              Map.entry("sugar-bsilu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-nelu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-elu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-selu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-gelu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-silu", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-mish", BackwardStorage.BF16_FACTOR),
              Map.entry("sugar-leaky-relu", BackwardStorage.MASK)));

  @Test
  void registeredNames_areExactlyTheZoo() {
    assertEquals(List.copyOf(new TreeSet<>(EXPECTED.keySet())), Activations.names());
  }

  @Test
  void everyActivation_hasFormulaBackwardAndExpectedStorage() {
    for (Map.Entry<String, BackwardStorage> e : EXPECTED.entrySet()) {
      ActivationFunction f = Activations.byName(e.getKey());
      ActivationInfo info = f.info();
      assertEquals(e.getKey(), f.name());
      assertEquals(e.getValue(), info.storage(), e.getKey());
      assertEquals(e.getValue().bytesPerElement(), info.backwardBytesPerElement(), e.getKey());
      assertFalse(info.formula().isBlank(), e.getKey());
      assertFalse(info.backward().isBlank(), e.getKey());
      assertEquals(
          e.getKey().startsWith("sugar-"),
          info.origin().name().startsWith("SURROGATE"),
          e.getKey());
    }
  }

  /** Bytes backward keeps per element: at most 2 for SUGAR, a bit for the piecewise-linear. */
  @Test
  void backwardStorage_bytesPerElement() {
    assertEquals(0.125, BackwardStorage.MASK.bytesPerElement());
    assertEquals(2, BackwardStorage.BF16_FACTOR.bytesPerElement());
    for (String name : Activations.names()) {
      ActivationInfo info = Activations.byName(name).info();
      if (info.origin().name().startsWith("SURROGATE")) {
        assertTrue(info.backwardBytesPerElement() <= 2, name);
      }
    }
  }

  @Test
  void everyReferencedActivation_isInTheZoo() {
    TreeSet<String> referenced = new TreeSet<>();
    References.UNARY.forEach(r -> referenced.add(r.name()));
    References.GATED.forEach(r -> referenced.add(r.name()));
    assertEquals(EXPECTED.keySet(), referenced);
  }
}
