package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deltas model's head gives each step's change from the current value: training, validation and the step agree. */
class DeltaForecasterTest {

    private static final ModelSpec DELTAS = new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, false, true);
    private static final ModelSpec RELATIVE = new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, true, true,
            true);

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

        ForecastModel loaded = throughAFile(model);

        assertThat(loaded.spec()).isEqualTo(DELTAS);
        assertThat(ModelCodec.architecture(DELTAS)).contains("\"deltas\":true");
        // a model whose head gives the values writes the text it always wrote
        assertThat(ModelCodec.architecture(TestModels.untrained(1, 8).spec())).doesNotContain("deltas");
        assertThat(loaded.newForecaster().step(0.7f, Architecture.LSTM.zero(DELTAS)))
                .isEqualTo(model.newForecaster().step(0.7f, Architecture.LSTM.zero(DELTAS)));
    }

    @Test
    void shouldReadChangesNotLevelsInARelativeModel() {
        float[] dayAgo = new float[TestModels.HORIZON];
        java.util.Arrays.fill(dayAgo, 1.5f);

        float[] features = NetworkInput.of(RELATIVE, 2f, 1.25f, dayAgo);

        assertThat(features).hasSize(RELATIVE.inputs()).hasSize(TestModels.HORIZON + 3);
        assertThat(features[NetworkInput.LEVEL]).isEqualTo(2f);
        assertThat(features[1]).isEqualTo(-0.5f);
        assertThat(features[TestModels.HORIZON + 1]).isEqualTo(1f);
        assertThat(features[TestModels.HORIZON + 2]).isEqualTo(0.75f);
        assertThat(NetworkInput.seenByNetwork(RELATIVE, features, NetworkInput.LEVEL)).isZero();
        // a key's first reading has no previous one: no change
        assertThat(NetworkInput.of(RELATIVE, 2f, Float.NaN, null)[TestModels.HORIZON + 2]).isZero();
    }

    @Test
    void shouldForecastNoChangeForAKeyAtRestWhateverItsLevel() {
        ForecastModel model = NetworkFactory.untrained(RELATIVE, 5, 0.01);
        Forecaster forecaster = model.newForecaster();
        float[][] changes = new float[2][];
        float[] levels = {0.3f, -2f};
        for (int k = 0; k < levels.length; k++) {
            float level = levels[k];
            float[] dayAgo = new float[TestModels.HORIZON];
            java.util.Arrays.fill(dayAgo, level);
            NetworkMemory memory = Architecture.LSTM.zero(RELATIVE);
            float[] forecast = null;
            for (int t = 0; t < DeltaForecaster.STEPS_TO_REST; t++) {
                forecast = forecaster.step(NetworkInput.of(RELATIVE, level, level, dayAgo), memory);
            }
            changes[k] = new float[TestModels.HORIZON];
            for (int h = 0; h < TestModels.HORIZON; h++) {
                assertThat(forecast[h]).isCloseTo(level, within(1e-5f));
                changes[k][h] = forecast[h] - level;
            }
        }
        // the network never saw the level: where the key stands changes nothing but the value added back
        assertThat(changes[0]).containsExactly(changes[1], within(1e-6f));
    }

    @Test
    void shouldKeepARelativeModelThroughAModelFile() {
        ForecastModel loaded = throughAFile(NetworkFactory.untrained(RELATIVE, 5, 0.01));

        assertThat(loaded.spec()).isEqualTo(RELATIVE);
        assertThat(ModelCodec.architecture(RELATIVE)).contains("\"relative\":true");
        assertThat(ModelCodec.architecture(DELTAS)).doesNotContain("relative");
    }

    @Test
    void shouldRefuseARelativeModelWhoseHeadGivesValues() {
        assertThatThrownBy(() -> new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, true, false, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deltas");
    }

    /** The model as written to a model file and read back. */
    private ForecastModel throughAFile(ForecastModel model) {
        Path file = dir.resolve("model.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 1, Map.of()), file);
        return ModelCodec.fromUpdate(ModelCodec.read(file));
    }

    @Test
    void shouldGiveEachForecasterOfAModelTheChangeAtRestItsFirstMeasured() {
        ForecastModel relative = NetworkFactory.untrained(RELATIVE, 5, 0.1);
        Forecaster first = relative.newForecaster();
        Forecaster later = relative.newForecaster();
        Forecaster network = RELATIVE.architecture().network().javaForecaster(RELATIVE, relative.network());
        Forecaster measuredAgain = new DeltaForecaster(network, DeltaForecaster.atRest(network));
        NetworkMemory a = Architecture.LSTM.zero(RELATIVE);
        NetworkMemory b = Architecture.LSTM.zero(RELATIVE);
        NetworkMemory c = Architecture.LSTM.zero(RELATIVE);
        float[] dayAgo = new float[TestModels.HORIZON];
        for (float value : new float[] {0.5f, -1.25f, 2f, 2f}) {
            float[] input = NetworkInput.of(RELATIVE, value, 0f, dayAgo);
            float[] expected = measuredAgain.step(new float[][] {input.clone()}, new NetworkMemory[] {c})[0];
            assertThat(first.step(new float[][] {input.clone()}, new NetworkMemory[] {a})[0]).containsExactly(expected);
            assertThat(later.step(new float[][] {input.clone()}, new NetworkMemory[] {b})[0]).containsExactly(expected);
        }
    }
}
