package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deltas model's head gives each step's change from the current value: training, validation and the step agree. */
class DeltaForecasterTest {

    private static final ModelSpec DELTAS = new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, false, true);

    @TempDir
    Path dir;

    @Test
    void shouldForecastTheValuePlusWhatTheNetworkGives() {
        ForecastModel deltas = NetworkFactory.untrained(DELTAS, 5, 0.01);
        // the same weights read as a model whose head gives the values: its forecasts are the network's own outputs
        ForecastModel values = new ForecastModel(new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, false),
                deltas.network());
        NetworkMemory a = Architecture.LSTM.zero(DELTAS);
        NetworkMemory b = Architecture.LSTM.zero(DELTAS);
        Forecaster withDeltas = deltas.newForecaster();
        Forecaster raw = values.newForecaster();
        for (float value : new float[] {0.5f, -1.25f, 2f, 2f}) {
            float[] forecast = withDeltas.step(value, a);
            float[] change = raw.step(value, b);
            for (int h = 0; h < TestModels.HORIZON; h++) {
                assertThat(forecast[h]).isEqualTo(value + change[h]);
            }
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void shouldScoreInValidationWhatTheForecasterForecasts() {
        TrainingWindows[] split = ParitySequences.generatedWindows(DELTAS);
        ForecastModel model = ModelFitter.fit(DELTAS, split[0], new ModelFitter.Plan(2, 16, 0.01, 3));

        double sum = 0;
        long count = 0;
        Forecaster forecaster = model.newForecaster(InferenceEngine.DL4J);
        for (TrainingWindows.Window window : split[1].windows()) {
            NetworkMemory memory = Architecture.LSTM.zero(DELTAS);
            for (int t = 0; t < window.inputs().length; t++) {
                double error = forecaster.step(window.inputs()[t], memory)[0] - window.targets()[t][0];
                sum += error * error;
                count++;
            }
        }
        ModelFitter.Validation validation = ModelFitter.validate(model, split[1]);

        assertThat(validation.mseStep1()).isCloseTo(sum / count, within(1e-5));
        // trained on changes, it does better than persistence, which a deltas head forecasts by giving zero
        assertThat(validation.mseStep1()).isLessThan(validation.persistenceMseStep1());
    }

    @Test
    void shouldKeepTheHeadThroughAModelFile() {
        ForecastModel model = NetworkFactory.untrained(DELTAS, 5, 0.01);
        Path file = dir.resolve("deltas.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 1, Map.of()), file);

        ForecastModel loaded = ModelCodec.fromUpdate(ModelCodec.read(file));

        assertThat(loaded.spec()).isEqualTo(DELTAS);
        assertThat(ModelCodec.architecture(DELTAS)).contains("\"deltas\":true");
        // a model whose head gives the values writes the text it always wrote
        assertThat(ModelCodec.architecture(TestModels.untrained(1, 8).spec())).doesNotContain("deltas");
        assertThat(loaded.newForecaster().step(0.7f, Architecture.LSTM.zero(DELTAS)))
                .isEqualTo(model.newForecaster().step(0.7f, Architecture.LSTM.zero(DELTAS)));
    }
}
