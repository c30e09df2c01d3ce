package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.Forecaster;
import dev.vigil.model.InferenceEngine;
import dev.vigil.score.SensorScorer;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;

/**
 * The stored size of one sensor's state once it has stopped growing: the per-sensor figure docs/CAPACITY.md sizes
 * fleets from (7,594 and 1,576 bytes when measured). A state that grows past these bounds makes that page wrong.
 */
class SensorStateSizeTest {

    private static final int STEADY = 2_000;

    @Test
    void shouldStoreAOnceAMinuteSensorInUnderEightKilobytesWithItsDayKept() {
        assertThat(steadySize(VigilConfig.defaults(), Duration.ofMinutes(1))).isBetween(7_000, 8_000);
    }

    @Test
    void shouldStoreAOnceASecondSensorInUnderTwoKilobytesAsItKeepsNoDay() {
        assertThat(steadySize(VigilConfig.defaults(), Duration.ofSeconds(1))).isLessThan(2_000);
    }

    @Test
    void shouldStoreAOnceAMinuteSensorInUnderTwoKilobytesWhenNoDayIsKept() {
        VigilConfig noDay = VigilConfig.of(Map.of(VigilConfig.DAY_MAX_ROWS, "0"));

        assertThat(steadySize(noDay, Duration.ofMinutes(1))).isLessThan(2_000);
    }

    /** Encoded as the store holds it, after enough readings for every ring and the day to be full. */
    private static int steadySize(VigilConfig config, Duration every) {
        SensorScorer scorer = new SensorScorer(config.scoring());
        Forecaster network = TestModels.untrained(1, 64).newForecaster(InferenceEngine.JAVA);
        SensorState state = null;
        for (int step = 1; step <= STEADY; step++) {
            state = scorer.score(List.of(new SensorScorer.Input("sensor-123456", state, step * every.toMillis(),
                    100 + 10 * Math.sin(step / 10.0))), network).get(0).state();
        }
        return ScoringTopology.stateSerde().serializer().serialize("sensor-state", state).length;
    }
}
