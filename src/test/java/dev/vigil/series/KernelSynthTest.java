package dev.vigil.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

import dev.vigil.series.KernelSynth.Series;

import org.junit.jupiter.api.Test;

class KernelSynthTest {

    private static final int LENGTH = 2000;
    /** Large enough that each share below is measured on dozens of series at least; generated in well under a second. */
    private static final List<Series> CORPUS = KernelSynth.generate(800, LENGTH, 42);

    @Test
    void shouldGiveIdenticalSeriesForTheSameSeed() {
        List<Series> first = KernelSynth.generate(40, 500, 7);
        List<Series> again = KernelSynth.generate(40, 500, 7);

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).rowsPerDay()).isEqualTo(first.get(i).rowsPerDay());
            assertThat(again.get(i).values()).containsExactly(first.get(i).values());
        }
    }

    @Test
    void shouldGiveDifferentSeriesForDifferentSeeds() {
        List<Series> one = KernelSynth.generate(40, 500, 7);
        List<Series> other = KernelSynth.generate(40, 500, 8);

        long same = 0;
        for (int i = 0; i < one.size(); i++) {
            same += Arrays.equals(one.get(i).values(), other.get(i).values()) ? 1 : 0;
        }
        assertThat(same).isZero();
    }

    @Test
    void shouldDrawEachSeriesFromItsOwnStreamWhateverTheCount() {
        List<Series> few = KernelSynth.generate(5, 500, 11);
        List<Series> many = KernelSynth.generate(60, 500, 11);

        for (int i = 0; i < few.size(); i++) {
            assertThat(many.get(i).values()).containsExactly(few.get(i).values());
        }
    }

    @Test
    void shouldProduceOnlyFiniteValues() {
        for (Series series : CORPUS) {
            assertThat(Arrays.stream(series.values()).allMatch(Double::isFinite)).isTrue();
        }
    }

    @Test
    void shouldSampleRowsPerDayFromSensorRatesAndSometimesNone() {
        Set<Integer> rates = new HashSet<>();
        for (Series series : CORPUS) {
            rates.add(series.rowsPerDay());
        }

        assertThat(rates).containsExactlyInAnyOrder(0, 24, 48, 96, 144, 288);
        assertThat(share(series -> series.rowsPerDay() == 0)).isBetween(0.05, 0.16);
    }

    @Test
    void shouldKeepMostSeriesAtFullLengthAndNeverExceedIt() {
        for (Series series : CORPUS) {
            assertThat(series.values().length).isBetween(LENGTH * 3 / 4, LENGTH);
        }
        assertThat(share(series -> series.values().length == LENGTH)).isBetween(0.75, 0.95);
    }

    /**
     * A series with a daily cycle correlates with itself a day later more than half a day or a third of a day later;
     * a cycle of half or a third of a day, a week, a smooth wander or noise do not. Measured: 0.48 of the series
     * with a clock and no missing rows qualify, and 0.04 once the daily period is taken out of the kernel bank.
     */
    @Test
    void shouldGiveManyClockedSeriesADailyCycle() {
        List<Series> clocked = CORPUS.stream()
                .filter(series -> series.rowsPerDay() > 0 && series.values().length == LENGTH)
                .toList();

        long daily = clocked.stream().filter(KernelSynthTest::hasDailyCycle).count();

        assertThat(clocked).hasSizeGreaterThan(500);
        assertThat((double) daily / clocked.size()).isGreaterThan(0.35);
    }

    /** Measured: 0.09 of the corpus, 0.035 (zero runs of counts and quantised readings) with no dropouts. */
    @Test
    void shouldDropSomeSeriesToExactZeroForAStretch() {
        assertThat(share(KernelSynthTest::hasDropout)).isBetween(0.06, 0.3);
    }

    /** Measured: 0.055 of the corpus, none with no stuck stretches. */
    @Test
    void shouldHoldSomeSeriesStuckForAStretch() {
        assertThat(share(KernelSynthTest::isStuckSomewhere)).isBetween(0.03, 0.3);
    }

    /** Measured: 0.075 of the corpus, 0.02 (quantised rates) with no counts. */
    @Test
    void shouldReportSomeSeriesAsNonNegativeCounts() {
        assertThat(share(KernelSynthTest::looksLikeCounts)).isBetween(0.04, 0.3);
    }

    /** Measured: 0.2 of the corpus, 0.015 with neither quantised readings nor counts. */
    @Test
    void shouldReportSomeSeriesInCoarseSteps() {
        assertThat(share(series -> distinct(series.values()) < series.values().length / 20)).isBetween(0.1, 0.45);
    }

    @Test
    void shouldShiftTheLevelInAFewAbruptStepsThatStay() {
        Set<Integer> stepCounts = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            double[] flat = new double[1000];
            KernelSynth.levelShifts(flat, new SplittableRandom(seed));

            int steps = 0;
            for (int t = 1; t < flat.length; t++) {
                double jump = Math.abs(flat[t] - flat[t - 1]);
                if (jump > 0) {
                    steps++;
                    assertThat(jump).isBetween(0.5, 12.0);
                }
            }
            assertThat(flat[0]).isZero();
            stepCounts.add(steps);
        }
        // a step that came back would count twice: a spike, not a shift
        assertThat(stepCounts).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void shouldRejectSeriesTooShortToHoldAnything() {
        assertThatThrownBy(() -> KernelSynth.generate(3, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelSynth.generate(-1, 100, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- what each regime looks like from outside ----

    private static double share(Predicate<Series> test) {
        return (double) CORPUS.stream().filter(test).count() / CORPUS.size();
    }

    private static boolean hasDailyCycle(Series series) {
        double[] x = series.values();
        int day = series.rowsPerDay();
        return autocorrelation(x, day) > Math.max(autocorrelation(x, day / 2), autocorrelation(x, day / 3)) + 0.1;
    }

    /**
     * Three or more exact zeros in a series that otherwise stays well away from zero: a low count or a reading that
     * crosses zero reaches zero gradually, a dropout does not.
     */
    private static boolean hasDropout(Series series) {
        if (longestRun(series.values(), v -> v == 0) < 3) {
            return false;
        }
        double[] nonZero = Arrays.stream(series.values()).filter(v -> v != 0).map(Math::abs).sorted().toArray();
        return nonZero.length >= series.values().length / 2 && nonZero[0] > 0.25 * nonZero[nonZero.length / 2];
    }

    /** Twelve or more equal non-zero readings in a row, in a series that is neither quantised nor counts. */
    private static boolean isStuckSomewhere(Series series) {
        double[] x = series.values();
        int longest = 1;
        int run = 1;
        for (int t = 1; t < x.length; t++) {
            run = x[t] == x[t - 1] && x[t] != 0 ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest >= 12 && distinct(x) >= x.length / 4;
    }

    private static boolean looksLikeCounts(Series series) {
        double[] x = series.values();
        return Arrays.stream(x).allMatch(v -> v >= 0 && v == Math.rint(v))
                && Arrays.stream(x).anyMatch(v -> v == 0) && distinct(x) > 1;
    }

    private static double autocorrelation(double[] x, int lag) {
        double mean = Arrays.stream(x).average().orElse(0);
        double variance = 0;
        double covariance = 0;
        for (int t = 0; t < x.length; t++) {
            variance += (x[t] - mean) * (x[t] - mean);
            if (t + lag < x.length) {
                covariance += (x[t] - mean) * (x[t + lag] - mean);
            }
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static int longestRun(double[] x, DoublePredicate test) {
        int longest = 0;
        int run = 0;
        for (double v : x) {
            run = test.test(v) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static int distinct(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int distinct = 1;
        for (int i = 1; i < sorted.length; i++) {
            distinct += sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return distinct;
    }
}
