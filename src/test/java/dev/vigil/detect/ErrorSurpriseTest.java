package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ErrorSurpriseTest {

    private static final int WINDOW = 5;
    private static final int MEMORY = 3000;
    private static final double DECADES = 8;

    @Test
    void shouldScoreABurstOfLargeErrorsHighAndOrdinaryOnesLow() {
        ErrorSurprise errors = ordinary(2000);

        assertThat(errors.surprise(0.4, WINDOW, DECADES)).isLessThan(0.2);
        double first = errors.surprise(6.0, WINDOW, DECADES);
        ErrorSurprise burst = errors.next(6.0, WINDOW, MEMORY).next(6.0, WINDOW, MEMORY);
        assertThat(first).isGreaterThan(0.3);
        assertThat(burst.surprise(6.0, WINDOW, DECADES)).as("a burst is rarer than one error").isGreaterThan(first);
    }

    @Test
    void shouldJudgeTheWindowAgainstTheHistoryBeforeItJoins() {
        ErrorSurprise errors = ordinary(2000);

        ErrorSurprise after = errors.next(6.0, WINDOW, MEMORY);

        assertThat(after.history().count()).isEqualTo(errors.history().count() + 1);
        assertThat(after.history().mean()).isGreaterThan(errors.history().mean());
        assertThat(after.recent()).hasSize(WINDOW).endsWith(6.0);
        assertThat(after.standing(WINDOW, DECADES)).as("the same window, judged with itself in the history")
                .isLessThan(errors.surprise(6.0, WINDOW, DECADES));
    }

    @Test
    void shouldSayNothingWhileTheHistoryIsYoung() {
        assertThat(ErrorSurprise.NONE.surprise(100, WINDOW, DECADES)).isZero();
        assertThat(ErrorSurprise.NONE.standing(WINDOW, DECADES)).isZero();
    }

    @Test
    void shouldRescaleTheHistoryToTheNewModelsErrors() {
        ErrorSurprise errors = ordinary(100);

        ErrorSurprise rescaled = errors.rescaled(2.0, List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), WINDOW);

        assertThat(rescaled.history().mean()).isCloseTo(2 * errors.history().mean(), within(1e-12));
        assertThat(rescaled.history().variance()).isCloseTo(4 * errors.history().variance(), within(1e-12));
        assertThat(rescaled.history().count()).isEqualTo(errors.history().count());
        assertThat(rescaled.recent()).containsExactly(3.0, 4.0, 5.0, 6.0, 7.0);
    }

    @Test
    void shouldRoundTripItsStoredForm() {
        ErrorSurprise errors = ordinary(100);

        assertThat(ErrorSurprise.from(errors.toAvro())).isEqualTo(errors);
    }

    /** A key whose normalised errors are plain noise of unit size. */
    private static ErrorSurprise ordinary(int count) {
        SplittableRandom random = new SplittableRandom(7);
        ErrorSurprise errors = ErrorSurprise.NONE;
        for (int i = 0; i < count; i++) {
            errors = errors.next(random.nextGaussian(), WINDOW, MEMORY);
        }
        return errors;
    }
}
