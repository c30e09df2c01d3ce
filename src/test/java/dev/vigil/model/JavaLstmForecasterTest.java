package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaLstmForecasterTest {

    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0} layer(s) of {1}")
    @CsvSource({"1, 16", "1, 64", "2, 32"})
    void shouldGiveTheSameNumbersAsDl4jStepAfterStep(int layers, int units) {
        assertParity(TestModels.untrained(layers, units), 200);
    }

    @ParameterizedTest(name = "{0} layer(s) of {1}, reading the day-ago values")
    @CsvSource({"1, 64", "2, 32"})
    void shouldGiveTheSameNumbersAsDl4jForAModelReadingTheDayAgoValues(int layers, int units) {
        assertParity(TestModels.untrainedSeasonal(layers, units), 1000);
    }

    @Test
    void shouldGiveTheSameNumbersAsDl4jForARelativeModel() {
        // each engine measures the network's change at rest with its own steps (DeltaForecaster)
        assertParity(NetworkFactory.untrained(new ModelSpec(1, Architecture.LSTM, 1, 64, TestModels.HORIZON, true,
                true, true), 7, 0.01), 1000);
    }

    @Test
    void shouldMatchDl4jOnATrainedModel() {
        assertParity(TestModels.small(), 300);
    }

    /** The shapes the step is tuned for, with each kernel, over a long run: errors must not build up in h and c. */
    @ParameterizedTest(name = "{0} kernels, {1} layer(s) of {2}, 1000 steps")
    @CsvSource({"scalar, 1, 64", "vector, 1, 64", "scalar, 2, 32", "vector, 2, 32"})
    void shouldStayWithinTheToleranceOfDl4jForAThousandStepsWithEitherKernels(String kernels, int layers, int units) {
        ForecastModel model = TestModels.untrained(layers, units);
        LstmKernels chosen = LstmKernels.select("vector".equals(kernels));
        assertThat(chosen.name()).isEqualTo(kernels);

        assertParity(model, new JavaLstmForecaster(model.spec(), model.network(), chosen), 1000);
    }

    private static void assertParity(ForecastModel model, int steps) {
        assertParity(model, model.newForecaster(InferenceEngine.JAVA), steps);
    }

    private static void assertParity(ForecastModel model, Forecaster java, int steps) {
        Forecaster dl4j = model.newForecaster(InferenceEngine.DL4J);
        int layers = model.spec().layers();
        int units = model.spec().units();
        NetworkMemory[] javaStates = {TestModels.zero(layers, units), TestModels.zero(layers, units)};
        NetworkMemory[] dl4jStates = {TestModels.zero(layers, units), TestModels.zero(layers, units)};
        SplittableRandom random = new SplittableRandom(9);
        for (int step = 0; step < steps; step++) {
            float[][] inputs = new float[2][model.spec().inputs()];
            for (float[] features : inputs) {
                for (int f = 0; f < features.length; f++) {
                    features[f] = f == 0 ? (float) Math.sin(step / 5.0) : (float) (2 * random.nextGaussian());
                }
            }
            float[][] expected = dl4j.step(inputs, dl4jStates);
            float[][] actual = java.step(inputs, javaStates);
            for (int key = 0; key < inputs.length; key++) {
                for (int h = 0; h < model.spec().horizon(); h++) {
                    assertThat((double) actual[key][h]).as("key %d step %d h %d", key, step, h)
                            .isCloseTo(expected[key][h], within(TOLERANCE));
                }
                for (int i = 0; i < layers * units; i++) {
                    assertThat((double) javaStates[key].part(0)[i]).isCloseTo(dl4jStates[key].part(0)[i],
                            within(TOLERANCE));
                    assertThat((double) javaStates[key].part(1)[i]).isCloseTo(dl4jStates[key].part(1)[i],
                            within(TOLERANCE));
                }
            }
        }
    }
}
