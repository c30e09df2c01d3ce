package dev.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class CrossValidationTest {

    private static final int ROWS = 100;
    private static final int[] WINDOW = {40, 49};
    private static final NabScorer.Profile STANDARD = NabScorer.Profile.STANDARD;
    private static final double FALSE_POSITIVE = 0.11;

    /** Fold a alone prefers 0.8 (its detection) over 0.6 (which adds three false alarms); b and c detect at 0.6. */
    private static final NabScorer.Series A = file("a/1.csv", 0.8, 0.6);
    private static final NabScorer.Series B = file("b/1.csv", 0.6, 0.0);
    private static final NabScorer.Series C = file("c/1.csv", 0.6, 0.0);

    @Test
    void shouldLearnEachFoldsThresholdOnTheOtherFoldsOnly() {
        CrossValidation.FoldScore a = foldA(CrossValidation.run(CrossValidation.folds(List.of(A, B, C)), STANDARD));

        assertThat(NabScorer.optimise(List.of(A), STANDARD).threshold()).as("in-sample on a").isEqualTo(0.8);
        assertThat(a.threshold()).as("learned on b and c").isEqualTo(0.6);
        assertThat(a.here().raw()).isCloseTo(1.0 - 3 * FALSE_POSITIVE, within(1e-9));
        assertThat(a.here().falseAlarms()).isEqualTo(3);
    }

    @Test
    void shouldNotMoveAFoldsThresholdWhenOnlyThatFoldChanges() {
        NabScorer.Series louderA = file("a/1.csv", 0.95, 0.9);

        CrossValidation.FoldScore a = foldA(CrossValidation.run(CrossValidation.folds(List.of(louderA, B, C)),
                STANDARD));

        assertThat(a.threshold()).isEqualTo(0.6);
        assertThat(a.here().detected()).isEqualTo(1);
    }

    @Test
    void shouldSumTheFoldsRawScoresAndNormaliseOnce() {
        CrossValidation.Outcome outcome = CrossValidation.run(CrossValidation.folds(List.of(A, B, C)), STANDARD);

        double raw = outcome.folds().stream().mapToDouble(fold -> fold.here().raw()).sum();
        assertThat(outcome.raw()).isCloseTo(raw, within(1e-12));
        assertThat(outcome.windows()).isEqualTo(3);
        // null -3, perfect 3: 100 * (raw + 3) / 6, not the mean of the folds' own normalised scores
        assertThat(outcome.normalised()).isCloseTo(100 * (raw + 3) / 6, within(1e-9));
        assertThat(outcome.normalised()).isCloseTo(100 * (3 - 3 * FALSE_POSITIVE + 3) / 6, within(1e-9));
    }

    @Test
    void shouldPutTheArtificialCategoriesInOneFold() {
        List<CrossValidation.Fold> folds = CrossValidation.folds(List.of(
                file("artificialNoAnomaly/flat.csv", 0.0, 0.0), file("artificialWithAnomaly/jump.csv", 0.6, 0.0),
                file("realTweets/a.csv", 0.6, 0.0), file("realTraffic/b.csv", 0.6, 0.0)));

        assertThat(folds).extracting(CrossValidation.Fold::name)
                .containsExactly("artificial", "realTraffic", "realTweets");
        assertThat(folds.get(0).files()).hasSize(2);
    }

    @Test
    void shouldLeaveAFoldWithoutWindowsUnnormalised() {
        NabScorer.Series quiet = new NabScorer.Series("q/1.csv", new double[ROWS], List.of());

        CrossValidation.Outcome outcome = CrossValidation.run(CrossValidation.folds(List.of(quiet, B, C)), STANDARD);

        assertThat(fold(outcome, "q").normalisable()).isFalse();
        assertThat(fold(outcome, "b").normalisable()).isTrue();
        assertThat(CrossValidation.perFold(outcome).get("q")).isNaN();
        assertThat(outcome.windows()).isEqualTo(2);
    }

    private static CrossValidation.FoldScore foldA(CrossValidation.Outcome outcome) {
        return fold(outcome, "a");
    }

    private static CrossValidation.FoldScore fold(CrossValidation.Outcome outcome, String name) {
        return outcome.folds().stream().filter(fold -> fold.fold().name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * {@link #ROWS} rows, one window [40, 49] detected at its start with score {@code detection}, and three alarms
     * before it (each a full false positive) with score {@code falseAlarms}.
     */
    private static NabScorer.Series file(String name, double detection, double falseAlarms) {
        double[] scores = new double[ROWS];
        scores[20] = falseAlarms;
        scores[25] = falseAlarms;
        scores[30] = falseAlarms;
        scores[40] = detection;
        return new NabScorer.Series(name, scores, List.of(WINDOW));
    }
}
