package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SteadyStatePrimingTest {

    private static final int MAX_ROWS = 1440;
    private static final int WINDOW = 64;

    @Test
    void shouldPrimeAKeyWithItsDayAndItsWindow() {
        assertThat(EndToEndBench.steadyStatePriming(Duration.ofHours(1), MAX_ROWS, WINDOW)).isEqualTo(24 + 64);
        assertThat(EndToEndBench.steadyStatePriming(Duration.ofMinutes(5), MAX_ROWS, WINDOW)).isEqualTo(288 + 64);
        assertThat(EndToEndBench.steadyStatePriming(Duration.ofMinutes(1), MAX_ROWS, WINDOW)).isEqualTo(1440 + 64);
    }

    @Test
    void shouldPrimeOnlyTheWindowOfAKeyWithNoDayKept() {
        // a reading a second makes 86,400 a day, more than the day kept: the key never has day-ago values
        assertThat(EndToEndBench.steadyStatePriming(Duration.ofSeconds(1), MAX_ROWS, WINDOW)).isEqualTo(WINDOW);
    }
}
