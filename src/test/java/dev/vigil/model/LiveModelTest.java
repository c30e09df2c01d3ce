package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * A live model on an engine refuses the models that engine cannot step, so no stream thread fails on one; detection's
 * reference network, where there is one, is known by its weights and never swapped; a key's memory carries over along
 * a line of fine-tunes, and only along one.
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

    @Test
    void shouldCarryAMemoryOverAlongALineOfFineTunesOfTheLiveModelsShape() {
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.JAVA);

        assertThat(live.offer(LSTM.withVersion(2), OptionalLong.of(1))).isTrue();
        assertThat(live.offer(LSTM.withVersion(3), OptionalLong.of(2))).isTrue();
        assertThat(live.carriesOver(1, 2)).isTrue();
        assertThat(live.carriesOver(1, 3)).as("a fine-tune of a fine-tune").isTrue();
        assertThat(live.carriesOver(2, 3)).isTrue();
        assertThat(live.carriesOver(3, 2)).as("never backwards").isFalse();

        assertThat(live.offer(LSTM.withVersion(4))).as("published without a parent").isTrue();
        assertThat(live.carriesOver(3, 4)).isFalse();
        assertThat(live.carriesOver(1, 4)).isFalse();
    }

    @Test
    void shouldNotCarryAMemoryOverToAnotherShapeOrFromAVersionNotLive() {
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.JAVA);

        assertThat(live.offer(GRU, OptionalLong.of(1))).as("says it is a fine-tune of v1, but is a GRU").isTrue();
        assertThat(live.carriesOver(1, 2)).isFalse();
        assertThat(live.offer(GRU.withVersion(3), OptionalLong.of(1))).as("of v1, while v2 is live").isTrue();
        assertThat(live.carriesOver(1, 3)).isFalse();
        assertThat(live.carriesOver(2, 3)).isFalse();
        assertThat(live.offer(GRU.withVersion(3), OptionalLong.of(2))).as("an older or equal version").isFalse();
    }

    @Test
    void shouldForgetTheOldestFineTunesBeyondTheKeptLine() {
        LiveModel live = LiveModel.of(LSTM, InferenceEngine.JAVA);
        long last = LiveModel.LINEAGE_KEPT + 2;
        for (long version = 2; version <= last; version++) {
            live.offer(LSTM.withVersion(version), OptionalLong.of(version - 1));
        }

        assertThat(live.carriesOver(last - LiveModel.LINEAGE_KEPT, last)).isTrue();
        assertThat(live.carriesOver(1, last)).as("the first fine-tune is no longer known").isFalse();
    }
}
