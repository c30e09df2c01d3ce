package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.InferenceEngine;
import dev.vigil.score.SensorScorer;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.MapDayBlocks;
import dev.vigil.train.ReferenceModel;

import org.junit.jupiter.api.Test;

/**
 * The stored size of one sensor's state once it has stopped growing, and of its day's blocks: the per-sensor figures
 * docs/CAPACITY.md sizes fleets from (when measured: 2,480 bytes for a once-a-second sensor, 527 of them detection's
 * reference network's memory of it, 1,953 where detection judges the live network; a once-a-minute one carries up to
 * 256 bytes more, the block of its day being filled, and its day adds 24 blocks of 256 bytes, each written once). A
 * state that grows past these bounds makes that page wrong.
 */
class SensorStateSizeTest {

    private static final int STEADY = 2_000;

    @Test
    void shouldStoreAOnceAMinuteSensorInAboutTwoAndAHalfKilobytesWithItsDayInBlocksBesideIt() {
        Steady minutely = steady(VigilConfig.defaults(), Duration.ofMinutes(1));

        // what a state without a day holds, and the values of the block being filled
        assertThat(minutely.stateBytes()).isLessThan(2_500 + 64 * Float.BYTES);
        // a day and the recent window: 1,504 values, in 24 or 25 blocks
        assertThat(minutely.blocks()).isBetween(24, 25);
        assertThat(minutely.blocksWritten()).as("each block written once").isEqualTo(STEADY / 64);
    }

    @Test
    void shouldStoreAOnceASecondSensorInAboutTwoAndAHalfKilobytesAsItKeepsNoDay() {
        Steady secondly = steady(VigilConfig.defaults(), Duration.ofSeconds(1));

        assertThat(secondly.stateBytes()).isLessThan(2_500);
        assertThat(secondly.blocks()).isZero();
    }

    @Test
    void shouldKeepNoBlocksForAOnceAMinuteSensorWhenNoDayIsKept() {
        VigilConfig noDay = VigilConfig.of(Map.of(VigilConfig.DAY_MAX_ROWS, "0"));

        Steady minutely = steady(noDay, Duration.ofMinutes(1));

        assertThat(minutely.stateBytes()).isLessThan(2_500);
        assertThat(minutely.blocks()).isZero();
    }

    @Test
    void shouldKeepTheReferencesMemoryOfAKeyInUnderSixHundredBytes() {
        VigilConfig judgedLive = VigilConfig.of(Map.of(VigilConfig.DETECT_REFERENCE, "live"));

        int withReference = steady(VigilConfig.defaults(), Duration.ofSeconds(1)).stateBytes();
        int without = steady(judgedLive, Duration.ofSeconds(1)).stateBytes();

        // an LSTM 1x64's h and c (512 bytes), its forecast and its fingerprint
        assertThat(withReference - without).isBetween(512, 600);
    }

    private record Steady(int stateBytes, int blocks, int blocksWritten) {
    }

    /** Encoded as the store holds it, after enough readings for every ring and the day to be full. */
    private static Steady steady(VigilConfig config, Duration every) {
        SensorScorer scorer = new SensorScorer(config.scoring());
        MapDayBlocks days = new MapDayBlocks();
        Forecaster network = TestModels.untrained(1, 64).newForecaster(InferenceEngine.JAVA);
        // detection's reference network, as the configuration has it (the shipped one by default): its memory of
        // the key is part of the state
        ForecastModel referenceModel = ReferenceModel.load(config);
        Forecaster reference = referenceModel == null ? null : referenceModel.newForecaster(InferenceEngine.JAVA);
        SensorState state = null;
        for (int step = 1; step <= STEADY; step++) {
            state = scorer.score(List.of(new SensorScorer.Input("sensor-123456", state, step * every.toMillis(),
                    100 + 10 * Math.sin(step / 10.0))), network, reference, days).get(0).state();
        }
        int bytes = ScoringTopology.stateSerde().serializer().serialize("sensor-state", state).length;
        return new Steady(bytes, days.size(), days.puts());
    }
}
