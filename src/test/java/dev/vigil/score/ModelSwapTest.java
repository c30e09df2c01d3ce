package dev.vigil.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.vigil.avro.SensorState;
import dev.vigil.model.Architecture;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.RunningScaler;
import dev.vigil.testing.Fixtures;
import dev.vigil.model.NetworkMemory;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;

/** docs/DESIGN.md, decision 7: the first reading a key sees under a new model version re-warms it from its ring. */
class ModelSwapTest {

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());

    @Test
    void shouldRebuildTheHiddenStateByReplayingTheRingThroughTheNewModel() {
        Forecaster old = TestModels.small().newForecaster();
        SensorState state = null;
        for (int step = 0; step < 300; step++) {
            state = score(state, step, old);
        }
        List<Double> ring = List.copyOf(state.getRecent());
        RunningScaler before = RunningScaler.from(state.getScaler());

        Forecaster swapped = TestModels.other(2).newForecaster();
        SensorState after = score(state, 300, swapped);

        // by hand: zero state, the ring through the new model in the key's scaling, then the new reading
        Forecaster reference = TestModels.other(2).newForecaster();
        NetworkMemory expected = TestModels.zero(1, 16);
        for (double value : ring) {
            reference.step(before.toScaled(value), expected);
        }
        RunningScaler updated = RunningScaler.from(after.getScaler());
        reference.step(updated.toScaled(Fixtures.healthy(300)), expected);

        assertThat(after.getModelVersion()).isEqualTo(2);
        NetworkMemory stored = TestModels.restore(after.getNetwork(), 1, 16);
        assertThat(stored.part(0)).containsExactly(expected.part(0));
        assertThat(stored.part(1)).containsExactly(expected.part(1));
    }

    @Test
    void shouldRewarmAKeyOntoAGruWhoseMemoryIsLaidOutOtherwise() {
        Forecaster lstm = TestModels.small().newForecaster();
        SensorState state = null;
        for (int step = 0; step < 300; step++) {
            state = score(state, step, lstm);
        }
        assertThat(state.getNetwork().getParts()).as("the LSTM's h and c").hasSize(2);
        List<Double> ring = List.copyOf(state.getRecent());
        RunningScaler before = RunningScaler.from(state.getScaler());

        ForecastModel gru = TestModels.smallGru().withVersion(3);
        SensorState after = score(state, 300, gru.newForecaster());

        // by hand: the GRU's zero memory, the ring through it in the key's scaling, then the new reading
        Forecaster reference = gru.newForecaster();
        NetworkMemory expected = Architecture.GRU.zero(gru.spec());
        for (double value : ring) {
            reference.step(before.toScaled(value), expected);
        }
        RunningScaler updated = RunningScaler.from(after.getScaler());
        reference.step(updated.toScaled(Fixtures.healthy(300)), expected);

        assertThat(after.getModelVersion()).isEqualTo(3);
        assertThat(after.getNetwork().getParts()).as("the GRU's h alone").hasSize(1);
        assertThat(Architecture.GRU.restore(after.getNetwork(), gru.spec())).isEqualTo(expected);

        // and back: the LSTM, under a newer version, re-warms the key from its ring in turn
        SensorState back = score(after, 301, TestModels.small().withVersion(4).newForecaster());
        assertThat(back.getNetwork().getParts()).hasSize(2);
        assertThat(back.getModelVersion()).isEqualTo(4);
    }

    @Test
    void shouldKeepTheStateAsItIsWhileTheVersionStaysTheSame() {
        Forecaster model = TestModels.small().newForecaster();
        SensorState state = null;
        for (int step = 0; step < 100; step++) {
            state = score(state, step, model);
        }
        NetworkMemory expected = TestModels.restore(state.getNetwork(), 1, 16);
        RunningScaler scaler = RunningScaler.from(state.getScaler()).update(Fixtures.healthy(100), 2000);
        TestModels.small().newForecaster().step(scaler.toScaled(Fixtures.healthy(100)), expected);

        SensorState after = score(state, 100, model);

        assertThat(TestModels.restore(after.getNetwork(), 1, 16).part(0)).containsExactly(expected.part(0));
    }

    private SensorState score(SensorState state, int step, Forecaster forecaster) {
        SensorState copy = state == null ? null : SensorState.newBuilder(state).build();
        return scorer.score(List.of(new SensorScorer.Input("s", copy, Fixtures.at(step).toEpochMilli(),
                Fixtures.healthy(step))), forecaster).get(0).state();
    }
}
