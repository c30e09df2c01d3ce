package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeBreakTest {

    @Test
    void shouldBreakOnlyBeyondTheRangeAndItsMargin() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20).next(15);

        assertThat(range.breaks(20.1, 0.1, 0)).as("inside the margin").isFalse();
        assertThat(range.breaks(20.3, 0.1, 0)).isTrue();
        assertThat(range.breaks(9.7, 0.1, 0)).isTrue();
        assertThat(range.breaks(12, 0.1, 0)).isFalse();
    }

    @Test
    void shouldNotBreakBeforeThereIsARange() {
        assertThat(RangeBreak.NONE.breaks(1e9, 0.1, 0)).isFalse();
        assertThat(RangeBreak.NONE.next(5).next(5).breaks(6, 0.1, 0)).as("a flat key has no range yet").isFalse();
    }

    @Test
    void shouldCountARangeOnlyOnceItHasHeld() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20);
        for (int i = 0; i < 49; i++) {
            range = range.next(15);
        }
        assertThat(range.breaks(100, 0.1, 50)).as("a young range").isFalse();
        range = range.next(15);
        assertThat(range.breaks(100, 0.1, 50)).isTrue();
        assertThat(range.next(21).heldSteps()).as("a new extreme starts the count again").isZero();
    }

    @Test
    void shouldNotBreakByLessThanTheKeysNoise() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20).next(15);

        assertThat(range.breaks(21.4, 1.5, 0)).as("past the range, within the noise").isFalse();
        assertThat(range.breaks(21.6, 1.5, 0)).isTrue();
        assertThat(range.breaks(8.4, 1.5, 0)).isTrue();
    }

    @Test
    void shouldWidenWithWhatItSees() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20).next(40);

        assertThat(range.min()).isEqualTo(10);
        assertThat(range.max()).isEqualTo(40);
        assertThat(range.breaks(39, 0.1, 0)).isFalse();
    }

    @Test
    void shouldKnowTheKeysFloor() {
        assertThat(RangeBreak.NONE.atFloor(0)).as("no floor before a value").isFalse();

        RangeBreak range = RangeBreak.NONE.next(10).next(0).next(20);

        assertThat(range.atFloor(0)).isTrue();
        assertThat(range.atFloor(-1)).as("below it").isTrue();
        assertThat(range.atFloor(0.5)).isFalse();
    }
}
