package dev.vigil.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void shouldTakeTheMiddleValueOfAnOddCountAndTheMeanOfTheMiddleTwoOfAnEvenOne() {
        assertThat(Median.ofSorting(new double[] {5, 1, 100, 3, 2})).isEqualTo(3.0);
        assertThat(Median.ofSorting(new double[] {4, 1, 100, 2})).isEqualTo(3.0);
        assertThat(Median.ofSorting(new double[] {7})).isEqualTo(7.0);
    }
}
