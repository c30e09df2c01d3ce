package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A live model on an engine refuses the models that engine cannot step, so no stream thread fails on one; detection's
 * reference network, where there is one, is known by its weights and never swapped.
 */
class LiveModelTest {

    private static final ForecastModel LSTM =
            NetworkFactory.untrained(new ModelSpec(1, Architecture.LSTM, 1, 4, 3, false), 1, 0.01);
    private static final ForecastModel GRU =
            NetworkFactory.untrained(new ModelSpec(2, Architecture.GRU, 1, 4, 3, false), 1, 0.01);

    @Test
    void shouldRefuseToStartTheDl4jEngineOnAGru() {
        assertThatThrownBy(() -> LiveModel.of(GRU, InferenceEngine.DL4J))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gru");
    }

    @Test
    void shouldNotMakeAGruLiveOnTheDl4jEngine() {
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.DL4J);

        assertThatThrownBy(() -> live.offer(GRU)).isInstanceOf(IllegalArgumentException.class);
        assertThat(live.version()).isEqualTo(1);
    }

    @Test
    void shouldSwapAnLstmForAGruOnTheJavaEngine() {
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.JAVA);

        assertThat(live.offer(GRU)).isTrue();
        assertThat(live.newForecaster().spec().architecture()).isEqualTo(Architecture.GRU);
    }

    @Test
    void shouldHandOutTheReferenceKnownByItsWeightsAndKeepItAcrossSwaps() {
        assertThat(LiveModel.of(LSTM, InferenceEngine.JAVA).newReference()).as("detection judges the live model")
                .isNull();
        ForecastModel sameWeights = LSTM.withVersion(9);
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.JAVA, sameWeights);

        assertThat(live.newReference().spec().version()).isEqualTo(LSTM.fingerprint())
                .isEqualTo(sameWeights.fingerprint())
                .isNotEqualTo(GRU.fingerprint());
        assertThat(live.offer(GRU)).isTrue();
        assertThat(live.newReference().spec().architecture()).isEqualTo(Architecture.LSTM);
        assertThatThrownBy(() -> LiveModel.of(LSTM, InferenceEngine.DL4J, GRU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gru");
    }
}
