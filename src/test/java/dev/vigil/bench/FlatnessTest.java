package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class FlatnessTest {

    @Test
    void shouldCallACurveFlatWhileItStaysWithinItsWarmupRange() {
        double[] sawtooth = {300, 420, 310, 400, 305, 415, 320, 410, 300, 418};

        Flatness flatness = Flatness.judge("heap_after_gc", sawtooth, 4);

        assertThat(flatness.verdict()).isEqualTo(Flatness.Verdict.FLAT);
        assertThat(flatness.warmupMin()).isEqualTo(300);
        assertThat(flatness.warmupMax()).isEqualTo(420);
        assertThat(flatness.afterMax()).isEqualTo(418);
    }

    @Test
    void shouldCallASteadyClimbGrowth() {
        double[] leak = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111};

        Flatness flatness = Flatness.judge("open_files", leak, 2);

        assertThat(flatness.verdict()).isEqualTo(Flatness.Verdict.GREW);
        assertThat(flatness.growth()).isCloseTo(111 / 101.0 - 1, within(1e-9));
        assertThat(flatness.summary()).isEqualTo("open_files=grew(+10%)");
    }

    @Test
    void shouldAllowTheToleranceAboveTheWarmupMaximumAndNoMore() {
        double justInside = 100 * (1 + Flatness.TOLERANCE);

        assertThat(Flatness.judge("resident", new double[] {90, 100, justInside}, 2).verdict())
                .isEqualTo(Flatness.Verdict.FLAT);
        assertThat(Flatness.judge("resident", new double[] {90, 100, justInside + 0.5}, 2).verdict())
                .isEqualTo(Flatness.Verdict.GREW);
    }

    @Test
    void shouldNotCountAFallBelowTheWarmupRangeAsGrowth() {
        Flatness flatness = Flatness.judge("p99", new double[] {900, 400, 150, 120, 130}, 2);

        assertThat(flatness.verdict()).isEqualTo(Flatness.Verdict.FLAT);
        assertThat(flatness.afterMin()).isEqualTo(120);
    }

    @Test
    void shouldLeaveOutWindowsWithoutAValue() {
        double[] values = {Double.NaN, 50, -1, Double.NaN, 52};

        Flatness flatness = Flatness.judge("p99", values, 2);

        assertThat(flatness.warmupMin()).isEqualTo(50);
        assertThat(flatness.verdict()).isEqualTo(Flatness.Verdict.FLAT);
        assertThat(Flatness.judge("open_files", new double[] {-1, -1, -1}, 1).verdict())
                .as("a gauge this platform lacks").isEqualTo(Flatness.Verdict.UNKNOWN);
    }

    @Test
    void shouldTakeTheFirstTenMinutesOfAnHourAndTheFirstSixthOfAShorterSoak() {
        assertThat(Flatness.warmup(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(10));
        assertThat(Flatness.warmup(Duration.ofHours(3))).isEqualTo(Duration.ofMinutes(10));
        assertThat(Flatness.warmup(Duration.ofMinutes(4))).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void shouldSayNoWhenAnyCurveGrewAndUnknownWhenOneHadNoValues() {
        Flatness flat = Flatness.judge("a", new double[] {1, 1}, 1);
        Flatness grew = Flatness.judge("b", new double[] {1, 2}, 1);
        Flatness unknown = Flatness.judge("c", new double[] {1}, 1);

        assertThat(Flatness.overall(List.of(flat, flat))).isEqualTo("yes");
        assertThat(Flatness.overall(List.of(flat, grew, unknown))).isEqualTo("no");
        assertThat(Flatness.overall(List.of(flat, unknown))).isEqualTo("unknown");
    }

    @Test
    void shouldPutOneBenchSwapInTheMiddleOfEachSixthOfTheSoak() {
        assertThat(EndToEndBench.swapTimes(Duration.ofHours(1))).extracting(Duration::toMinutes)
                .containsExactly(5L, 15L, 25L, 35L, 45L, 55L);
        assertThat(EndToEndBench.swapTimes(Duration.ofMinutes(4)).get(0))
                .as("one swap inside the warm-up of a short soak too")
                .isLessThan(Flatness.warmup(Duration.ofMinutes(4)));
    }
}
