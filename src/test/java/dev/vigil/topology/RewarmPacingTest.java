package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class RewarmPacingTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void shouldLetReWarmsTakeTheirShareOfTheTimeAndNoMore() {
        RewarmPacing pacing = new RewarmPacing(0.25, RewarmPacing.BURST_NANOS, now::get);
        // a full bucket: a quarter of 100 ms
        assertThat(pacing.mayRewarm()).isTrue();
        pacing.spent(25_000_000L);
        assertThat(pacing.mayRewarm()).isFalse();

        // 40 ms later a quarter of it, 10 ms, is there to spend
        now.addAndGet(40_000_000L);
        assertThat(pacing.mayRewarm()).isTrue();
        pacing.spent(10_000_000L);
        assertThat(pacing.mayRewarm()).isFalse();
    }

    @Test
    void shouldNotBankMoreThanTheBurstWhileIdle() {
        RewarmPacing pacing = new RewarmPacing(0.25, RewarmPacing.BURST_NANOS, now::get);
        now.addAndGet(60_000_000_000L);

        assertThat(pacing.mayRewarm()).isTrue();
        pacing.spent(25_000_001L);
        assertThat(pacing.mayRewarm()).isFalse();
    }

    @Test
    void shouldLetEveryReWarmThroughAtAShareOfOne() {
        RewarmPacing pacing = new RewarmPacing(1, RewarmPacing.BURST_NANOS, now::get);
        pacing.spent(60_000_000_000L);

        assertThat(pacing.mayRewarm()).isTrue();
    }

    @Test
    void shouldGiveEachThreadOneBucketForAllItsTasks() throws Exception {
        Supplier<RewarmPacing> pacing = RewarmPacing.perThread(0.05);

        // two tasks' processors on one stream thread draw on the same bucket: the share is of the thread's time
        assertThat(pacing.get()).isSameAs(pacing.get());
        pacing.get().spent(RewarmPacing.BURST_NANOS);
        assertThat(pacing.get().mayRewarm()).isFalse();

        // another stream thread has its own, full
        AtomicReference<RewarmPacing> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(pacing.get()));
        thread.start();
        thread.join();
        assertThat(other.get()).isNotSameAs(pacing.get());
        assertThat(other.get().mayRewarm()).isTrue();
    }

    @Test
    void shouldRefuseAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new RewarmPacing(0, 1, now::get)).hasMessageContaining("share");
        assertThatThrownBy(() -> new RewarmPacing(1.5, 1, now::get)).hasMessageContaining("share");
    }
}
