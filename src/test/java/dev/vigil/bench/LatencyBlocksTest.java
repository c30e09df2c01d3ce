package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyBlocksTest {

    private static final long START = 1_000_000L;
    private static final Duration BLOCK = Duration.ofMinutes(10);

    @Test
    void shouldTakeEachBlocksP99OverEveryOutputReadInIt() {
        LatencyBlocks blocks = new LatencyBlocks(START, BLOCK, Duration.ofMinutes(30));
        Random random = new Random(7);
        long[][] latencies = new long[3][20_000];
        for (int block = 0; block < 3; block++) {
            for (int i = 0; i < latencies[block].length; i++) {
                long latency = 50 + random.nextInt(100 * (block + 1));
                latencies[block][i] = latency;
                blocks.add(START + block * BLOCK.toMillis() + i * 10L, latency);
            }
        }

        double[] p99s = blocks.p99s();

        for (int block = 0; block < 3; block++) {
            long[] sorted = latencies[block].clone();
            Arrays.sort(sorted);
            assertThat(p99s[block]).isEqualTo(EndToEndBench.percentile(sorted, 0.99));
        }
        assertThat(p99s[2]).isGreaterThan(p99s[1]).isGreaterThan(p99s[0]);
        assertThat(Flatness.judge("p99", p99s, 1).verdict()).isEqualTo(Flatness.Verdict.GREW);
    }

    @Test
    void shouldMakeTheLastBlockShortAndCountWhatIsReadPastTheEndInIt() {
        LatencyBlocks blocks = new LatencyBlocks(START, BLOCK, Duration.ofMinutes(25));
        blocks.add(START + Duration.ofMinutes(24).toMillis(), 300);
        blocks.add(START + Duration.ofMinutes(26).toMillis(), 300);

        double[] p99s = blocks.p99s();

        assertThat(p99s).hasSize(3);
        assertThat(p99s[0]).isNaN();
        assertThat(p99s[1]).isNaN();
        assertThat(p99s[2]).isEqualTo(300);
    }

    @Test
    void shouldLeaveOutOutputsReadBeforeTheStartAndCapTheLongest() {
        LatencyBlocks blocks = new LatencyBlocks(START, BLOCK, BLOCK);
        blocks.add(START - 1, 5);
        for (int i = 0; i < 10; i++) {
            blocks.add(START + i, 60_000);
        }

        assertThat(blocks.p99s()).containsExactly(LatencyBlocks.MAX_MILLIS);
    }

    @Test
    void shouldCallAPeriodicBeatFlatWhereTheTenSecondWindowsCallItGrowth() {
        // a beat once a minute: 0.4 s of readings at 280-340 ms (0.7% of each minute's), 100 ms otherwise. Every
        // minute holds one beat, but its height varies, and the ten-second windows judge the highest of 30 windows
        // after the warm-up against the highest of 6 in it
        long[] beatMillis = {280, 300, 320, 340, 290, 310};
        LatencyBlocks blocks = new LatencyBlocks(START, Duration.ofMinutes(1), Duration.ofMinutes(6));
        SoakTimeline windows = new SoakTimeline(START, Duration.ofSeconds(10).toMillis(),
                new SoakTimelineTest.CountingGauges());
        for (long ms = 0; ms < Duration.ofMinutes(6).toMillis(); ms += 2) {
            windows.tick(START + ms, 1, 0, 0);
            int minute = (int) (ms / 60_000);
            long inMinute = ms % 60_000;
            long latency = inMinute >= 20_000 && inMinute < 20_400 ? beatMillis[minute] : 100;
            blocks.add(START + ms, latency);
            windows.add(START + ms, latency);
        }
        windows.tick(START + Duration.ofMinutes(6).toMillis(), 1, 0, 0);
        double[] windowP99s = windows.samples().stream().mapToDouble(SoakTimeline.Sample::p99Millis).toArray();

        Flatness byBlock = Flatness.judge("p99", blocks.p99s(), 1);
        Flatness byWindow = Flatness.judge("p99", windowP99s, 6);

        assertThat(windowP99s).hasSize(36);
        assertThat(byWindow.verdict()).isEqualTo(Flatness.Verdict.GREW);
        assertThat(byBlock.verdict()).isEqualTo(Flatness.Verdict.FLAT);
        assertThat(blocks.p99s()).containsOnly(100.0);
    }
}
