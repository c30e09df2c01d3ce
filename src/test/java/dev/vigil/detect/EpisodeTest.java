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
        episode = episode.next(true, 0.99, 100, CLOSE_AFTER).episode();
        episode = episode.next(true, 0.999, 200, CLOSE_AFTER).episode();
        assertThat(episode.id()).isEqualTo(1);
        assertThat(episode.startedAt()).isEqualTo(100);
        assertThat(episode.peak()).isEqualTo(0.999);
        for (int i = 0; i < CLOSE_AFTER; i++) {
            episode = episode.next(false, 0.5, 300 + i, CLOSE_AFTER).episode();
        }
        assertThat(episode.open()).isFalse();

        Episode.Step second = episode.next(true, 0.9999, 1000, CLOSE_AFTER);
        assertThat(second.transition()).isEqualTo(Episode.Transition.OPENED);
        assertThat(second.episode().id()).isEqualTo(2);
    }

    private static List<Episode.Transition> run(boolean[] flags) {
        Episode episode = Episode.NONE;
        List<Episode.Transition> transitions = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            Episode.Step step = episode.next(flags[i], flags[i] ? 1.0 : 0.5, i, CLOSE_AFTER);
            transitions.add(step.transition());
            episode = step.episode();
        }
        return transitions;
    }
}
