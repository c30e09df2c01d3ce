package dev.vigil.score;

import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorState;
import dev.vigil.model.Architecture;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.NetworkMemory;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.MapDayBlocks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A GRU, a conv-GRU and a WaveNet, trained by the training code ({@code Trainer}), score a key as the LSTM does: each
 * architecture end to end.
 */
class ArchitectureScoringTest {

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final MapDayBlocks days = new MapDayBlocks();
    private final List<Forecast> forecasts = new ArrayList<>();
    private Forecaster forecaster;
    private SensorState state;

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"GRU", "CONV_GRU", "WAVENET"})
    void shouldForecastAHealthyCycleKeepingItsMemoryInTheKeysState(Architecture architecture) {
        ForecastModel model = TestModels.small(architecture);
        forecaster = model.newForecaster();
        for (int step = 0; step < 400; step++) {
            score(step, healthy(step));
        }

        assertThat(model.spec().architecture()).isEqualTo(architecture);
        NetworkMemory memory = architecture.restore(state.getNetwork(), model.spec());
        assertThat(memory.size()).as("h; and the conv-GRU's input ring; the WaveNet's ring per layer and count")
                .isEqualTo(switch (architecture) {
                    case GRU -> 1;
                    case CONV_GRU -> 2;
                    default -> model.spec().layers() + 1;
                });
        assertThat(memory.part(0)).as("h, or the first WaveNet layer's ring").hasSize(16).isNotEqualTo(new float[16]);
        List<Forecast> judged = forecasts.subList(Fixtures.WARMUP, forecasts.size());
        assertThat(judged).noneMatch(Forecast::getAnomalyFlag);
        double modelError = 0;
        double persistenceError = 0;
        for (int step = 200; step < 400; step++) {
            modelError += Math.abs(forecasts.get(step).getExpected() - healthy(step));
            persistenceError += Math.abs(healthy(step - 1) - healthy(step));
        }
        assertThat(modelError).as("the trained %s's error against the last value's", architecture.kind())
                .isLessThan(persistenceError);
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"GRU", "CONV_GRU", "WAVENET"})
    void shouldFlagASpikeAfterWarmup(Architecture architecture) {
        forecaster = TestModels.small(architecture).newForecaster();
        for (int step = 0; step < 300; step++) {
            score(step, healthy(step));
        }

        assertThat(score(300, healthy(300) + 30).getAnomalyFlag()).isTrue();
    }

    private Forecast score(int step, double value) {
        SensorScorer.Scored scored = scorer.score(List.of(new SensorScorer.Input("gru", state,
                Fixtures.at(step).toEpochMilli(), value)), forecaster, days).get(0);
        state = scored.state();
        forecasts.add(scored.forecast());
        return scored.forecast();
    }
}
