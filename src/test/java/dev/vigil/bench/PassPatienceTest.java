package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PassPatienceTest {

    @Test
    void shouldWaitTenMinutesForAPassThatDrainsInThemAtTheSlowestRate() {
        assertThat(EndToEndBench.patience(600_000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(EndToEndBench.patience(3_000_000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldWaitForAPassOfTenThousandKeysWithADayEachAtTheSlowestRate() {
        // 10,000 keys x (1,504 priming + 60 measured) readings: 26 minutes at 10,000/s, 52 at the slowest rate
        long readings = 10_000L * (1_504 + 60);

        assertThat(EndToEndBench.patience(readings))
                .isEqualTo(Duration.ofSeconds(readings / EndToEndBench.SLOWEST_DRAIN_PER_SECOND))
                .isGreaterThan(Duration.ofMinutes(50));
    }
}
