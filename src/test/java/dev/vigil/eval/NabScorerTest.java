package dev.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class NabScorerTest {

    private static final int ROWS = 100;
    private static final int[] WINDOW = {40, 49};
    private static final NabScorer.Profile STANDARD = NabScorer.Profile.STANDARD;

    @Test
    void shouldGiveTheFullRewardForAnAlarmAtTheWindowStart() {
        NabScorer.Result result = NabScorer.scoreAt(List.of(file(40)), STANDARD, 0.5);

        assertThat(result.raw()).isCloseTo(1.0, within(1e-9));
        assertThat(result.normalised()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void shouldGiveLittleForAnAlarmAtTheWindowEnd() {
        // position -(49 - 49 + 1) / 10 = -0.1: (2 / (1 + e^-0.5) - 1) / (2 / (1 + e^-5) - 1)
        double expected = (2 / (1 + Math.exp(-0.5)) - 1) / (2 / (1 + Math.exp(-5)) - 1);

        assertThat(NabScorer.scoreAt(List.of(file(49)), STANDARD, 0.5).raw()).isCloseTo(expected, within(1e-9));
        assertThat(expected).isCloseTo(0.2482, within(1e-4));
    }

    @Test
    void shouldCountOnlyTheEarliestAlarmInAWindow() {
        NabScorer.Result result = NabScorer.scoreAt(List.of(file(45, 40, 47)), STANDARD, 0.5);

        assertThat(result.raw()).isCloseTo(1.0, within(1e-9));
        assertThat(result.detected()).isEqualTo(1);
    }

    @Test
    void shouldChargeTheFullFalsePositiveBeforeAnyWindowAndTheMissAsWell() {
        NabScorer.Result result = NabScorer.scoreAt(List.of(file(20)), STANDARD, 0.5);

        assertThat(result.raw()).isCloseTo(-0.11 - 1.0, within(1e-9));
        assertThat(result.falseAlarms()).isEqualTo(1);
    }

    @Test
    void shouldChargeLessForAFalsePositiveJustAfterAWindow() {
        double justAfter = NabScorer.scoreAt(List.of(file(40, 50)), STANDARD, 0.5).raw() - 1.0;
        double farAfter = NabScorer.scoreAt(List.of(file(40, 95)), STANDARD, 0.5).raw() - 1.0;

        assertThat(justAfter).isBetween(-0.11, 0.0);
        assertThat(farAfter).isCloseTo(-0.11, within(1e-6));
        assertThat(justAfter).isGreaterThan(farAfter);
    }

    @Test
    void shouldScoreTheNullDetectorZeroAndThePerfectOneHundredOnEveryProfile() {
        for (NabScorer.Profile profile : NabScorer.Profile.ALL) {
            assertThat(NabScorer.scoreAt(List.of(file()), profile, 0.5).normalised()).isCloseTo(0.0, within(1e-9));
            assertThat(NabScorer.scoreAt(List.of(file(40)), profile, 0.5).normalised()).isCloseTo(100.0, within(1e-9));
        }
        assertThat(NabScorer.scoreAt(List.of(file()), NabScorer.Profile.LOW_FN, 0.5).raw()).isEqualTo(-2.0);
    }

    @Test
    void shouldIgnoreAlarmsInTheProbationaryPeriod() {
        NabScorer.Result result = NabScorer.scoreAt(List.of(file(3, 40)), STANDARD, 0.5);

        assertThat(file().probation()).isEqualTo(15);
        assertThat(result.raw()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldChooseTheThresholdThatMaximisesTheTotal() {
        double[] scores = new double[ROWS];
        scores[42] = 0.90;
        scores[20] = 0.95;
        NabScorer.Series series = new NabScorer.Series("f", scores, List.of(WINDOW));

        NabScorer.Result best = NabScorer.optimise(List.of(series), STANDARD);

        assertThat(best.threshold()).isEqualTo(0.90);
        double reward42 = (2 / (1 + Math.exp(5 * (-(49 - 42 + 1) / 10.0))) - 1) / (2 / (1 + Math.exp(-5)) - 1);
        assertThat(best.raw()).isCloseTo(reward42 - 0.11, within(1e-9));
        assertThat(best.raw()).isCloseTo(NabScorer.scoreAt(List.of(series), STANDARD, 0.90).raw(), within(1e-12));
    }

    @Test
    void shouldKeepTheNullDetectorWhenEveryThresholdLoses() {
        double[] scores = new double[ROWS];
        for (int row = 15; row < 30; row++) {
            scores[row] = 1.0;
        }
        NabScorer.Result best = NabScorer.optimise(List.of(new NabScorer.Series("f", scores, List.of(WINDOW))),
                STANDARD);

        assertThat(best.normalised()).isEqualTo(0.0);
        assertThat(best.threshold()).isInfinite();
    }

    /** A file of {@link #ROWS} rows with one window [40, 49] and alarms (score 1) at the given rows. */
    private static NabScorer.Series file(int... alarms) {
        double[] scores = new double[ROWS];
        for (int row : alarms) {
            scores[row] = 1.0;
        }
        return new NabScorer.Series("file.csv", scores, List.of(WINDOW));
    }
}
