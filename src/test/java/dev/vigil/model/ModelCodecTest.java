package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCodecTest {

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripAModelThroughAFileWithTheSameForecasts() {
        ForecastModel model = TestModels.untrained(2, 8).withVersion(9);
        Path file = dir.resolve("model.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 5, Map.of("val_mse", 0.25)), file);

        ModelUpdate read = ModelCodec.read(file);
        ForecastModel loaded = ModelCodec.fromUpdate(read);

        assertThat(read.getVersion()).isEqualTo(9);
        assertThat(read.getMetrics()).containsEntry("val_mse", 0.25);
        assertThat(loaded.spec()).isEqualTo(model.spec());
        NetworkMemory a = TestModels.zero(2, 8);
        NetworkMemory b = TestModels.zero(2, 8);
        for (float input : new float[] {0.1f, -1f, 2f}) {
            assertThat(loaded.newForecaster().step(input, b)).isEqualTo(model.newForecaster().step(input, a));
        }
    }

    @Test
    void shouldRoundTripAGruModelUnderItsKind() {
        ModelSpec spec = new ModelSpec(4, Architecture.GRU, 2, 8, TestModels.HORIZON, true);
        ForecastModel model = NetworkFactory.untrained(spec, 3, 0.01);
        Path file = dir.resolve("gru.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 5, Map.of()), file);

        ModelUpdate read = ModelCodec.read(file);
        ForecastModel loaded = ModelCodec.fromUpdate(read);

        assertThat(read.getArchitecture()).contains("\"kind\":\"gru\"");
        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.network().getLayerWiseConfigurations()).isEqualTo(model.network().getLayerWiseConfigurations());
        NetworkMemory a = Architecture.GRU.zero(spec);
        NetworkMemory b = Architecture.GRU.zero(spec);
        for (float value : new float[] {0.1f, -1f, 2f}) {
            assertThat(loaded.newForecaster().step(value, b)).isEqualTo(model.newForecaster().step(value, a));
        }
        assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldRefuseAnUnknownArchitectureClearly() {
        ModelUpdate update = ModelCodec.toUpdate(TestModels.untrained(1, 4), "test", 1, Map.of());
        update.setArchitecture("{\"kind\":\"transformer\",\"inputs\":1}");

        assertThatThrownBy(() -> ModelCodec.fromUpdate(update))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transformer");
    }
}
