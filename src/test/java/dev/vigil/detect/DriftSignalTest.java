package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.vigil.stats.Window;

import org.junit.jupiter.api.Test;

class DriftSignalTest {

    private static final int WINDOW = 40;
    private static final int MEMORY = 3000;
    private static final double DECADES = 7;

    /** A key's values and its drift signal, fed one reading at a time as the scorer does. */
    private static final class Key {
        private List<Double> values = new ArrayList<>();
        private DriftSignal drift = DriftSignal.NONE;

        double read(double value) {
            DriftSignal.Judged judged = drift.judge(values, value, WINDOW, DECADES, MEMORY);
            double score = judged.score();
            drift = judged.next();
            values = Window.append(values, value, WINDOW);
            return score;
        }
    }

    @Test
    void shouldFlagARampThatEachReadingHidesInTheNoise() {
        Key key = noisyKey(2000);
        SplittableRandom random = new SplittableRandom(5);

        // each step rises by a tenth of the noise: no single reading is unusual, the level is
        double peak = 0;
        for (int i = 1; i <= 60; i++) {
            peak = Math.max(peak, key.read(100 + 0.1 * i + random.nextGaussian()));
        }

        assertThat(peak).isGreaterThan(0.6);
    }

    @Test
    void shouldRarelyReachAFlagOnNoiseAroundALevel() {
        Key key = noisyKey(2000);
        SplittableRandom random = new SplittableRandom(5);

        // the shift is a half-normal value judged by a normal tail, so the far tail is a little heavier than the
        // score says: about 7e-4 of readings per 0.6 at 7 decades, in clusters (the windows overlap)
        int atFlag = 0;
        int readings = 20_000;
        for (int i = 0; i < readings; i++) {
            atFlag += key.read(100 + random.nextGaussian()) >= 0.6 ? 1 : 0;
        }

        assertThat(atFlag).isLessThan(readings / 500);
    }

    @Test
    void shouldNotTakeABurstShorterThanHalfTheWindowForAChangeOfLevel() {
        List<Double> before = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            before.add(i >= 7 ? 100.0 : 1.0);
        }
        // older half 1,1,1,1,1; newer half 1,1,100,100 and the reading 1: a burst, the level unmoved
        assertThat(DriftSignal.shift(before, 1.0, 10)).isZero();
        // the burst that goes on through most of the half is a new level
        assertThat(DriftSignal.shift(before, 100.0, 10)).isEqualTo(99.0);
    }

    @Test
    void shouldJudgeNothingBeforeTheWindowIsFull() {
        Key key = new Key();
        for (int i = 0; i < WINDOW - 1; i++) {
            assertThat(key.read(i * 1000.0)).isZero();
        }
        assertThat(key.drift.history().count()).isZero();
    }

    @Test
    void shouldMeasureTheShiftBetweenTheHalvesOfItsWindow() {
        List<Double> before = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            before.add(i < 5 ? 1.0 : 3.0);
        }
        // older half 1,1,1,1,1; newer half 3,3,3,3 and the reading 3
        assertThat(DriftSignal.shift(before, 3.0, 10)).isEqualTo(2.0);
        assertThat(DriftSignal.from(DriftSignal.NONE.judge(before, 3.0, 10, DECADES, MEMORY).next().toAvro()).history().mean())
                .isEqualTo(2.0);
    }

    private static Key noisyKey(int count) {
        SplittableRandom random = new SplittableRandom(11);
        Key key = new Key();
        for (int i = 0; i < count; i++) {
            key.read(100 + random.nextGaussian());
        }
        return key;
    }
}
