package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DriftSignalTest {

    private static final int WINDOW = 40;
    private static final int MEMORY = 3000;
    private static final double DECADES = 7;

    @Test
    void shouldFlagErrorsThatKeepFallingOnOneSide() {
        DriftSignal drift = noise(2000);

        // each error is ordinary (half the noise's size), but all of them on one side
        DriftSignal oneSided = drift;
        for (int i = 0; i < WINDOW - 1; i++) {
            oneSided = oneSided.next(0.5, WINDOW, MEMORY);
        }

        assertThat(oneSided.surprise(0.5, WINDOW, DECADES)).isGreaterThan(0.6);
    }

    @Test
    void shouldNotFlagErrorsThatAlternate() {
        DriftSignal drift = noise(2000);
        for (int i = 0; i < WINDOW - 1; i++) {
            drift = drift.next(i % 2 == 0 ? 2.0 : -2.0, WINDOW, MEMORY);
        }

        assertThat(drift.surprise(2.0, WINDOW, DECADES)).isLessThan(0.2);
    }

    @Test
    void shouldKeepOnlyItsWindowAndRoundTripItsStoredForm() {
        DriftSignal drift = noise(100);

        assertThat(drift.recent()).hasSize(WINDOW);
        assertThat(DriftSignal.from(drift.toAvro())).isEqualTo(drift);
        assertThat(drift.rescaled(3.0, List.of(1.0, 2.0), WINDOW).recent()).containsExactly(1.0, 2.0);
    }

    private static DriftSignal noise(int count) {
        SplittableRandom random = new SplittableRandom(11);
        DriftSignal drift = DriftSignal.NONE;
        for (int i = 0; i < count; i++) {
            drift = drift.next(random.nextGaussian(), WINDOW, MEMORY);
        }
        return drift;
    }
}
