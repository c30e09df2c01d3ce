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
import dev.vigil.testing.MapDayBlocks;

import org.junit.jupiter.api.Test;

/** docs/DESIGN.md, decision 7: the first reading a key sees under a new model version re-warms it from its ring. */
class ModelSwapTest {

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final MapDayBlocks days = new MapDayBlocks();

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
        SensorState after = assertRewarmedFromLstm(TestModels.smallGru().withVersion(3));

        assertThat(after.getNetwork().getParts()).as("the GRU's h alone").hasSize(1);
    }

    /**
     * The conv-GRU's memory has two parts as the LSTM's does, h and the ring of the convolution's inputs, of other
     * sizes: the swap must rebuild it from the key's values, not read the LSTM's c as a ring.
     */
    @Test
    void shouldRewarmAKeyOntoAConvGruWhoseMemoryHoldsItsInputRing() {
        ForecastModel convGru = TestModels.small(Architecture.CONV_GRU).withVersion(3);

        SensorState after = assertRewarmedFromLstm(convGru);

        NetworkMemory memory = Architecture.CONV_GRU.restore(after.getNetwork(), convGru.spec());
        assertThat(memory.part(1)).as("the ring ends with the new reading, scaled")
                .endsWith((float) RunningScaler.from(after.getScaler()).toScaled(Fixtures.healthy(300)));
    }

    /**
     * The WaveNet's memory is a ring per dilated layer and a step count: the swap must build every ring from the key's
     * values, so that the deepest layer reads real values from its dilation back, not zeros.
     */
    @Test
    void shouldRewarmAKeyOntoAWaveNetFillingARingPerDilatedLayer() {
        ForecastModel wavenet = TestModels.small(Architecture.WAVENET).withVersion(3);

        SensorState after = assertRewarmedFromLstm(wavenet);

        NetworkMemory memory = Architecture.WAVENET.restore(after.getNetwork(), wavenet.spec());
        int layers = wavenet.spec().layers();
        assertThat(memory.size()).isEqualTo(layers + 1);
        assertThat(memory.part(layers - 1)).as("the deepest layer's ring").hasSize((1 << (layers - 1)) * 16)
                .doesNotContain(0f);
    }

    /**
     * A key warmed on the LSTM meets {@code model} (another architecture, version 3): its memory must be what the
     * key's ring gives through {@code model} from zero; then the LSTM again, under version 4, re-warms it in turn.
     */
    private SensorState assertRewarmedFromLstm(ForecastModel model) {
        Forecaster lstm = TestModels.small().newForecaster();
        SensorState state = null;
        for (int step = 0; step < 300; step++) {
            state = score(state, step, lstm);
        }
        assertThat(state.getNetwork().getParts()).as("the LSTM's h and c").hasSize(2);
        List<Double> ring = List.copyOf(state.getRecent());
        RunningScaler before = RunningScaler.from(state.getScaler());

        SensorState after = score(state, 300, model.newForecaster());

        // by hand: the new architecture's zero memory, the ring through it in the key's scaling, then the new reading
        Forecaster reference = model.newForecaster();
        Architecture architecture = model.spec().architecture();
        NetworkMemory expected = architecture.zero(model.spec());
        for (double value : ring) {
            reference.step(before.toScaled(value), expected);
        }
        RunningScaler updated = RunningScaler.from(after.getScaler());
        reference.step(updated.toScaled(Fixtures.healthy(300)), expected);

        assertThat(after.getModelVersion()).isEqualTo(3);
        assertThat(architecture.restore(after.getNetwork(), model.spec())).isEqualTo(expected);

        // and back: the LSTM, under a newer version, re-warms the key from its ring in turn
        SensorState back = score(after, 301, TestModels.small().withVersion(4).newForecaster());
        assertThat(back.getNetwork().getParts()).hasSize(2);
        assertThat(back.getNetwork().getParts().get(1).remaining()).as("the LSTM's c").isEqualTo(16 * Float.BYTES);
        assertThat(back.getModelVersion()).isEqualTo(4);
        return after;
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
                Fixtures.healthy(step))), forecaster, days).get(0).state();
    }
}
