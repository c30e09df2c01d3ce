package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SeasonalShiftTest {

    private static final int DAY = 96;
    private static final int WINDOW = 20;
    private static final int KEPT = DAY + 64;
    private static final double DECADES = 7;
    private static final int MEMORY = 3000;
    private static final double SCALE = 10;

    /** A key with a daily cycle: its kept day, its seasonal signal and its step count, fed as the scorer does. */
    private static final class Key {
        private float[] day = new float[0];
        private SeasonalShift season = SeasonalShift.NONE;
        private long step;

        double read(double value, boolean inEpisode) {
            float[] next = new float[Math.min(KEPT, day.length + 1)];
            System.arraycopy(day, day.length - (next.length - 1), next, 0, next.length - 1);
            next[next.length - 1] = (float) value;
            day = next;
            SeasonalShift.Judged judged = season.judge(values(day), DAY, step, value, WINDOW, DECADES, MEMORY, SCALE);
            season = judged.next().marked(inEpisode, step, DAY, WINDOW);
            step++;
            return judged.score();
        }

        /** A reading that did not come: its position in the day is not known. */
        void miss() {
            read(Double.NaN, false);
        }

        double read(double value) {
            return read(value, false);
        }
    }

    /** Kept values as the scorer's day gives them. */
    private static DayValues values(float[] day) {
        return new DayValues() {
            @Override
            public int kept() {
                return day.length;
            }

            @Override
            public float at(int index) {
                return day[index];
            }
        };
    }

    private static double cycle(long step) {
        return 100 + 10 * Math.sin(2 * Math.PI * step / DAY);
    }

    /** A key after {@code days} days of its cycle with a little noise. */
    private static Key keyAfter(int days, SplittableRandom random) {
        Key key = new Key();
        for (int i = 0; i < days * DAY; i++) {
            key.read(cycle(i) + 0.3 * random.nextGaussian());
        }
        return key;
    }

    @Test
    void shouldFlagADayWhosePeakDoesNotComeThoughEachReadingIsOrdinaryForTheLastHours() {
        SplittableRandom random = new SplittableRandom(3);
        Key key = keyAfter(20, random);

        // from a quarter of the day on, the key stays where it was instead of rising to its peak: every reading is
        // close to the one before it, and far from the same hour yesterday
        double peak = 0;
        long start = key.step;
        double held = cycle(start);
        for (int i = 0; i < DAY / 2; i++) {
            peak = Math.max(peak, key.read(held + 0.3 * random.nextGaussian()));
        }

        assertThat(peak).isGreaterThan(0.6);
    }

    @Test
    void shouldRarelyReachAFlagOnAKeyThatRepeatsItsDay() {
        SplittableRandom random = new SplittableRandom(5);
        Key key = keyAfter(5, random);

        int atFlag = 0;
        int readings = 30 * DAY;
        for (int i = 0; i < readings; i++) {
            atFlag += key.read(cycle(key.step) + 0.3 * random.nextGaussian()) >= 0.6 ? 1 : 0;
        }

        assertThat(atFlag).isLessThan(readings / 500);
    }

    @Test
    void shouldTakeAShiftUnderTheKeysNoiseForNoNewsOnAKeyThatRepeatsItselfExactly() {
        Key key = new Key();
        for (int i = 0; i < 20 * DAY; i++) {
            key.read(cycle(i));
        }

        // a change of a thousandth of the cycle's amplitude, which a spread learnt from float rounding alone would
        // call a one-in-a-billion event
        double peak = 0;
        for (int i = 0; i < DAY; i++) {
            peak = Math.max(peak, key.read(cycle(key.step) + 0.01));
        }

        assertThat(peak).isLessThan(0.1);
    }

    @Test
    void shouldNotEchoAnIncidentADayLater() {
        SplittableRandom random = new SplittableRandom(7);
        Key echoed = keyAfter(20, random);
        Key guarded = keyAfter(20, new SplittableRandom(7));

        // a dip of a few hours, the same in both keys; only the guarded one is told it was an episode
        for (int i = 0; i < DAY / 8; i++) {
            double dipped = cycle(echoed.step) - 15;
            echoed.read(dipped, false);
            guarded.read(dipped, true);
        }
        SplittableRandom noise = new SplittableRandom(11);
        double echo = 0;
        double guardedEcho = 0;
        for (int i = 0; i < DAY + DAY / 8; i++) {
            double value = cycle(echoed.step) + 0.3 * noise.nextGaussian();
            double withoutGuard = echoed.read(value);
            double withGuard = guarded.read(value);
            if (i >= DAY - WINDOW) {
                echo = Math.max(echo, withoutGuard);
                guardedEcho = Math.max(guardedEcho, withGuard);
            }
        }

        assertThat(echo).as("the dip, seen again from a day later").isGreaterThan(0.6);
        assertThat(guardedEcho).isLessThan(0.6);
    }

    @Test
    void shouldJudgeAKeyThatMissedAReadingOnlyOnceItsStretchIsWholeAgain() {
        Key key = keyAfter(20, new SplittableRandom(13));
        key.miss();

        // every stretch that holds the missed position says nothing, however far the level moved
        double whileMissing = 0;
        for (int i = 0; i < WINDOW - 1; i++) {
            whileMissing = Math.max(whileMissing, key.read(cycle(key.step) + 15));
        }
        double whole = key.read(cycle(key.step) + 15);

        assertThat(whileMissing).isZero();
        assertThat(whole).isGreaterThan(0.6);
    }

    @Test
    void shouldSayNothingWithoutADayOrBeforeItsKeptValuesReachADayBack() {
        SeasonalShift season = SeasonalShift.NONE;
        float[] shortOfADay = new float[DAY + WINDOW - 1];

        assertThat(season.judge(values(new float[KEPT]), 0, 500, 1e6, WINDOW, DECADES, MEMORY, SCALE).score()).isZero();
        assertThat(season.judge(values(shortOfADay), DAY, 500, 1e6, WINDOW, DECADES, MEMORY, SCALE).next())
                .isSameAs(season);
        // a day and a stretch kept, the newest the reading itself: its stretch a day back is whole, and judged
        assertThat(season.judge(values(new float[DAY + WINDOW]), DAY, 500, 0, WINDOW, DECADES, MEMORY, SCALE).next()
                .history().count()).isEqualTo(1);
    }

    @Test
    void shouldKeepIncidentsOfTheLastDayOnlyAndBoundTheirNumber() {
        SeasonalShift season = SeasonalShift.NONE;
        for (long step = 0; step < 10; step++) {
            season = season.marked(step >= 3 && step <= 5, step, 80, WINDOW);
        }
        assertThat(season.incidents()).containsExactly(new SeasonalShift.Span(3, 5));
        assertThat(season.marked(false, 200, 80, WINDOW).incidents()).isEmpty();

        for (long step = 0; step < 1000; step += 2) {
            season = season.marked(true, step, 9_980, WINDOW);
        }
        assertThat(season.incidents()).hasSize(SeasonalShift.MAX_INCIDENTS);
        assertThat(season.incidents().get(SeasonalShift.MAX_INCIDENTS - 1)).isEqualTo(new SeasonalShift.Span(998, 998));
    }
}
