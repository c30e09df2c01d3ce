package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EpisodeTest {

    private static final int CLOSE_AFTER = 3;

    @Test
    void shouldOpenOnceForABurstOfFlagsAndCloseAfterACalmSpell() {
        boolean[] flags = {false, true, true, false, true, false, false, false, false};
        List<Episode.Transition> transitions = run(flags);

        assertThat(transitions).containsExactly(
                Episode.Transition.NONE, Episode.Transition.OPENED, Episode.Transition.NONE,
                Episode.Transition.NONE, Episode.Transition.NONE, Episode.Transition.NONE,
                Episode.Transition.NONE, Episode.Transition.CLOSED, Episode.Transition.NONE);
    }

    @Test
    void shouldNumberEpisodesAndKeepTheirPeakAndStart() {
        Episode episode = Episode.NONE;
        episode = episode.next(true, drift(0.99), 100, CLOSE_AFTER).episode();
        episode = episode.next(true, drift(0.999), 200, CLOSE_AFTER).episode();
        assertThat(episode.id()).isEqualTo(1);
        assertThat(episode.startedAt()).isEqualTo(100);
        assertThat(episode.peak()).isEqualTo(0.999);
        for (int i = 0; i < CLOSE_AFTER; i++) {
            episode = episode.next(false, drift(0.5), 300 + i, CLOSE_AFTER).episode();
        }
        assertThat(episode.open()).isFalse();

        Episode.Step second = episode.next(true, drift(0.9999), 1000, CLOSE_AFTER);
        assertThat(second.transition()).isEqualTo(Episode.Transition.OPENED);
        assertThat(second.episode().id()).isEqualTo(2);
    }

    @Test
    void shouldPublishTheStrongestScoreOfAnEpisodesFirstReadingsOnceWhenItIsConfirmed() {
        double[] scores = {0.1, 0.65, 0.9, 0.8, 0.95, 0.2, 0.2, 0.2, 0.1};

        assertThat(published(scores, 2)).containsExactly(0.1, 0.325, 0.45, 0.9, 0.475, 0.1, 0.1, 0.1, 0.1);
        assertThat(published(scores, 0)).as("unconfirmed: the opening reading's own score")
                .containsExactly(0.1, 0.65, 0.45, 0.4, 0.475, 0.1, 0.1, 0.1, 0.1);
    }

    @Test
    void shouldPublishAnEpisodeThatClosesBeforeItsConfirmationAtItsClose() {
        double[] scores = {0.7, 0.1, 0.1, 0.1, 0.1};

        assertThat(published(scores, 5)).containsExactly(0.35, 0.05, 0.05, 0.7, 0.1);
    }

    @Test
    void shouldNotPublishAnEpisodeStoredBeforeItsAgeWasKeptAgain() {
        Episode longOpen = new Episode(4, true, 100, 0.9, 0, Integer.MAX_VALUE, Episode.NO_STRENGTH, null);

        Episode.Step step = longOpen.next(true, drift(0.95), 200, CLOSE_AFTER);

        assertThat(step.episode().age()).isEqualTo(Integer.MAX_VALUE);
        assertThat(step.published(drift(0.95), 2, 0.5).score()).isEqualTo(0.475);
    }

    @Test
    void shouldNameTheSignalOfItsPeakAndPublishItWithTheStrength() {
        SignalScore[] readings = {new SignalScore(Signal.DRIFT, 0.7), new SignalScore(Signal.RANGE_BREAK, 1.0),
            new SignalScore(Signal.FORECAST_ERROR, 0.8), new SignalScore(Signal.FORECAST_ERROR, 0.3)};
        Episode episode = Episode.NONE;
        List<SignalScore> published = new ArrayList<>();
        List<Signal> peaks = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            Episode.Step step = episode.next(readings[i].score() >= 0.6, readings[i], i, CLOSE_AFTER);
            published.add(step.published(readings[i], 2, 0.5));
            episode = step.episode();
            peaks.add(episode.peakSignal());
        }

        assertThat(peaks).as("the opening reading's, then the stronger one's, kept past weaker ones")
                .containsExactly(Signal.DRIFT, Signal.RANGE_BREAK, Signal.RANGE_BREAK, Signal.RANGE_BREAK);
        assertThat(published).containsExactly(new SignalScore(Signal.DRIFT, 0.35),
                new SignalScore(Signal.RANGE_BREAK, 0.5), new SignalScore(Signal.RANGE_BREAK, 1.0),
                new SignalScore(Signal.FORECAST_ERROR, 0.15));
        assertThat(Episode.from(episode.toAvro())).as("kept in the stored form").isEqualTo(episode);
    }

    @Test
    void shouldNameNoSignalWhereNothingScored() {
        assertThat(SignalScore.NONE.or(Signal.DRIFT, 0.0).signal()).isNull();
        assertThat(SignalScore.NONE.or(Signal.DRIFT, 0.2).or(Signal.STUCK_VALUE, 0.2).signal())
                .as("a tie keeps the first").isEqualTo(Signal.DRIFT);
        assertThat(new SignalScore(Signal.DRIFT, 0.9).withScore(0.0).signal()).isNull();
    }

    private static SignalScore drift(double score) {
        return new SignalScore(Signal.DRIFT, score);
    }

    /** The published scores of a run of scores, a score of 0.6 or more being flagged. */
    private static List<Double> published(double[] scores, int confirmSteps) {
        Episode episode = Episode.NONE;
        List<Double> published = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            Episode.Step step = episode.next(scores[i] >= 0.6, drift(scores[i]), i, CLOSE_AFTER);
            published.add(step.published(drift(scores[i]), confirmSteps, 0.5).score());
            episode = step.episode();
        }
        return published;
    }

    private static List<Episode.Transition> run(boolean[] flags) {
        Episode episode = Episode.NONE;
        List<Episode.Transition> transitions = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            Episode.Step step = episode.next(flags[i], drift(flags[i] ? 1.0 : 0.5), i, CLOSE_AFTER);
            transitions.add(step.transition());
            episode = step.episode();
        }
        return transitions;
    }
}
