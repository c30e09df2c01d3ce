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

import org.junit.jupiter.api.Test;

/** A GRU trained by the training code ({@code Trainer}) scores a key as the LSTM does: the architecture end to end. */
class GruScoringTest {

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final ForecastModel model = TestModels.smallGru();
    private final Forecaster forecaster = model.newForecaster();
    private final List<Forecast> forecasts = new ArrayList<>();
    private SensorState state;

    @Test
    void shouldForecastAHealthyCycleKeepingHAsTheKeysMemory() {
        for (int step = 0; step < 400; step++) {
            score(step, healthy(step));
        }

        assertThat(model.spec().architecture()).isEqualTo(Architecture.GRU);
        NetworkMemory memory = Architecture.GRU.restore(state.getNetwork(), model.spec());
        assertThat(memory.size()).isEqualTo(1);
        assertThat(memory.part(0)).hasSize(16).isNotEqualTo(new float[16]);
        List<Forecast> judged = forecasts.subList(Fixtures.WARMUP, forecasts.size());
        assertThat(judged).noneMatch(Forecast::getAnomalyFlag);
        double modelError = 0;
        double persistenceError = 0;
        for (int step = 200; step < 400; step++) {
            modelError += Math.abs(forecasts.get(step).getExpected() - healthy(step));
            persistenceError += Math.abs(healthy(step - 1) - healthy(step));
        }
        assertThat(modelError).as("the trained GRU's error against the last value's").isLessThan(persistenceError);
    }

    @Test
    void shouldFlagASpikeAfterWarmup() {
        for (int step = 0; step < 300; step++) {
            score(step, healthy(step));
        }

        assertThat(score(300, healthy(300) + 30).getAnomalyFlag()).isTrue();
    }

    private Forecast score(int step, double value) {
        SensorScorer.Scored scored = scorer.score(List.of(new SensorScorer.Input("gru", state,
                Fixtures.at(step).toEpochMilli(), value)), forecaster).get(0);
        state = scored.state();
        forecasts.add(scored.forecast());
        return scored.forecast();
    }
}
