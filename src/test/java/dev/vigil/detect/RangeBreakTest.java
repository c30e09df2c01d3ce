package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeBreakTest {

    @Test
    void shouldBreakOnlyBeyondTheRangeAndItsMargin() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20).next(15);

        assertThat(range.breaks(20.1, 0.02)).as("inside the 2% margin").isFalse();
        assertThat(range.breaks(20.3, 0.02)).isTrue();
        assertThat(range.breaks(9.7, 0.02)).isTrue();
        assertThat(range.breaks(12, 0.02)).isFalse();
    }

    @Test
    void shouldNotBreakBeforeThereIsARange() {
        assertThat(RangeBreak.NONE.breaks(1e9, 0.02)).isFalse();
        assertThat(RangeBreak.NONE.next(5).next(5).breaks(6, 0.02)).as("a flat key has no range yet").isFalse();
    }

    @Test
    void shouldWidenWithWhatItSees() {
        RangeBreak range = RangeBreak.NONE.next(10).next(20).next(40);

        assertThat(range.min()).isEqualTo(10);
        assertThat(range.max()).isEqualTo(40);
        assertThat(range.breaks(39, 0.02)).isFalse();
    }
}
