package dev.rectify.samples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rectify.init.Init;
import dev.rectify.nn.Activations;
import dev.rectify.nn.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parse_widthTimesDepthAndLists() {
    assertEquals(List.of(1000, 1000, 1000), ModelSpec.parse("mlp:1000x3").hidden());
    assertEquals(List.of(512, 256), ModelSpec.parse("mlp:512,256").hidden());
    assertEquals(List.of(32, 64, 128), ModelSpec.parse("cnn:vgg-small").hidden());
  }

  @Test
  void parse_rejectsWhatItCannotBuild() {
    for (String bad :
        List.of("mlp", "mlp:", "mlp:0x2", "mlp:10x0", "mlp:a,b", "cnn:vgg", "rnn:1")) {
      assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(bad), bad);
    }
  }

  @Test
  void build_watchesEveryActivationLayer() {
    ModelSpec.Model mlp =
        ModelSpec.parse("mlp:8x3")
            .build(new int[] {1, 4, 4}, 10, i -> relu(), null, Init.Scheme.HE_UNIFORM, 1L);
    assertEquals(List.of("h1", "h2", "h3"), List.copyOf(mlp.watched().keySet()));
    for (int index : mlp.watched().values()) {
      assertEquals("relu", mlp.net().layers().get(index).name());
    }
    ModelSpec.Model cnn =
        ModelSpec.parse("cnn:vgg-tiny")
            .build(new int[] {1, 8, 8}, 10, i -> relu(), null, Init.Scheme.HE_UNIFORM, 1L);
    assertEquals(6, cnn.watched().size());
    for (int index : cnn.watched().values()) {
      assertEquals("relu", cnn.net().layers().get(index).name());
    }
    assertEquals(10, cnn.net().outputShape()[0]);
  }

  private static Layer relu() {
    return Activations.byName("relu").newLayer();
  }
}
