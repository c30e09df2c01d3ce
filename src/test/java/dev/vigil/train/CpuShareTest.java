package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CpuShareTest {

    private static final long TEN_MILLIS = Duration.ofMillis(10).toNanos();

    @Test
    void shouldPauseSoThatBusyTimeIsItsShareOfTheWhole() {
        assertThat(new CpuShare(0.25).pauseNanos(TEN_MILLIS)).isEqualTo(3 * TEN_MILLIS);
        assertThat(new CpuShare(0.5).pauseNanos(TEN_MILLIS)).isEqualTo(TEN_MILLIS);
    }

    @Test
    void shouldNotPauseAtAWholeCore() {
        assertThat(new CpuShare(1.0).pauseNanos(TEN_MILLIS)).isZero();
    }

    @Test
    void shouldRejectAShareOutsideOneCore() {
        assertThatThrownBy(() -> new CpuShare(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuShare(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStopPausingOnceTheTrainerIsInterrupted() {
        // the instance closing interrupts the trainer: an hour's pause must not hold it
        Thread.currentThread().interrupt();
        try {
            new CpuShare(0.01).afterMinibatch(Duration.ofMinutes(1).toNanos());
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
