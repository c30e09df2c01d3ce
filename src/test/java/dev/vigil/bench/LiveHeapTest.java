package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LiveHeapTest {

    @Test
    void anHoursSoakCollectsEveryFiveMinutesAndAShortOneEveryHalfMinute() {
        assertThat(LiveHeap.period(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(LiveHeap.period(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void itMeasuresAtEachPeriodsMidpointOnceAndCatchesUpWithoutABurst() {
        LiveHeap heap = new LiveHeap(0, Duration.ofSeconds(60), Duration.ofSeconds(100));
        List<Long> measuredAt = new ArrayList<>();
        for (long now = 0; now <= 200_000; now += 1_000) {
            if (now == 100_000) {
                // a reader loop held up for 70 s: one measurement when it resumes, not one per period missed
                now = 170_000;
            }
            if (heap.measureIfDue(now)) {
                measuredAt.add(now);
            }
        }
        assertThat(measuredAt).containsExactly(30_000L, 90_000L, 170_000L);
    }

    @Test
    void itCollectsHalfWayBetweenTheTrainersRunsAndTheSwaps() {
        long period = 300_000;
        // a trainer in phase with the swaps: the middle of the period
        assertThat(LiveHeap.offsetAwayFrom(0, period)).isEqualTo(150_000);
        // soak run 17's trainer, about 149 s into each period: the middle of the longer stretch, after it
        assertThat(LiveHeap.offsetAwayFrom(149_000, period)).isEqualTo(224_500);
        assertThat(LiveHeap.offsetAwayFrom(200_000, period)).isEqualTo(100_000);
        // its clock started before the soak, so the phase comes in negative
        assertThat(LiveHeap.offsetAwayFrom(-100_000, period)).isEqualTo(100_000);
    }

    @Test
    void itMeasuresAtItsOffsetIntoEachPeriod() {
        LiveHeap heap = new LiveHeap(0, Duration.ofSeconds(60), Duration.ofSeconds(100), 45_000);
        List<Long> measuredAt = new ArrayList<>();
        for (long now = 0; now <= 180_000; now += 1_000) {
            if (heap.measureIfDue(now)) {
                measuredAt.add(now);
            }
        }
        assertThat(measuredAt).containsExactly(45_000L, 105_000L, 165_000L);
    }

    @Test
    void theHeapIsUnknownUntilTheFirstMeasurementThenWhatIsLive() {
        LiveHeap heap = new LiveHeap(0, Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(heap.bytes()).isEqualTo(-1);

        long bytes = heap.measure();

        assertThat(bytes).isPositive().isEqualTo(heap.bytes());
        assertThat(bytes).isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    }

    @Test
    void itNamesWhatGrewAfterTheWarmUp() {
        LiveHeap heap = new LiveHeap(0, Duration.ofSeconds(60), Duration.ofSeconds(60));
        heap.measure();
        heap.measureIfDue(30_000);
        assertThat(heap.growthAfterWarmup(10)).as("nothing measured after the warm-up yet").isEmpty();

        List<long[]> held = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            held.add(new long[1_000]);
        }
        heap.measureIfDue(90_000);

        assertThat(heap.growthAfterWarmup(10)).first().satisfies(top -> {
            assertThat(top.className()).isEqualTo("[J");
            assertThat(top.bytes()).isGreaterThanOrEqualTo(1_000L * 8_000);
            assertThat(top.instances()).isGreaterThanOrEqualTo(1_000);
        });
        assertThat(held).hasSize(1_000);
    }
}
