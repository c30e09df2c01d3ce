package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import dev.vigil.testing.TestModels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Dl4jLstmForecasterTest {

    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0} layer(s) of {1}")
    @CsvSource({"1, 16", "2, 32"})
    void shouldGiveTheSameNumbersStackedInABatchAsOneKeyAtATime(int layers, int units) {
        ForecastModel model = TestModels.untrained(layers, units);
        Forecaster batched = model.newForecaster(InferenceEngine.DL4J);
        Forecaster single = model.newForecaster(InferenceEngine.DL4J);
        int keys = 5;
        NetworkMemory[] batchStates = new NetworkMemory[keys];
        NetworkMemory[] singleStates = new NetworkMemory[keys];
        for (int k = 0; k < keys; k++) {
            batchStates[k] = TestModels.zero(layers, units);
            singleStates[k] = TestModels.zero(layers, units);
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int step = 0; step < 20; step++) {
            float[] inputs = new float[keys];
            for (int k = 0; k < keys; k++) {
                inputs[k] = (float) random.nextGaussian();
            }
            float[][] stacked = batched.step(inputs, batchStates);
            for (int k = 0; k < keys; k++) {
                float[] alone = single.step(inputs[k], singleStates[k]);
                for (int h = 0; h < TestModels.HORIZON; h++) {
                    assertThat((double) stacked[k][h]).as("key %d step %d h %d", k, step, h)
                            .isCloseTo(alone[h], within(TOLERANCE));
                }
                assertClose(batchStates[k].part(0), singleStates[k].part(0));
                assertClose(batchStates[k].part(1), singleStates[k].part(1));
            }
        }
    }

    @Test
    void shouldCarryEachKeysStateFromStepToStep() {
        Forecaster forecaster = TestModels.untrained(1, 8).newForecaster(InferenceEngine.DL4J);
        NetworkMemory fresh = TestModels.zero(1, 8);
        NetworkMemory carried = TestModels.zero(1, 8);
        forecaster.step(1.0f, carried);
        float[] afterHistory = forecaster.step(0.5f, carried);
        float[] fromZero = forecaster.step(0.5f, fresh);

        assertThat(carried.part(0)).isNotEqualTo(TestModels.zero(1, 8).part(0));
        assertThat(afterHistory).isNotEqualTo(fromZero);
    }

    @Test
    void shouldNotLetOneKeysStateLeakIntoAnothersInABatch() {
        Forecaster forecaster = TestModels.untrained(1, 8).newForecaster(InferenceEngine.DL4J);
        NetworkMemory busy = TestModels.zero(1, 8);
        for (int i = 0; i < 10; i++) {
            forecaster.step(3.0f, busy);
        }
        NetworkMemory quiet = TestModels.zero(1, 8);
        float[][] together = forecaster.step(new float[] {0.1f, 0.1f}, new NetworkMemory[] {busy, quiet});
        float[] quietAlone = forecaster.step(0.1f, TestModels.zero(1, 8));

        for (int h = 0; h < TestModels.HORIZON; h++) {
            assertThat((double) together[1][h]).isCloseTo(quietAlone[h], within(TOLERANCE));
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(TOLERANCE));
        }
    }
}
