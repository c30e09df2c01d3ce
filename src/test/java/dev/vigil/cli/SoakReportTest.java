package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.bench.EndToEndBench;
import dev.vigil.bench.SoakTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {

    @Test
    void shouldPrintDurationsInTheLargestUnitThatHoldsThemWhole() {
        assertThat(SoakReport.text(Duration.ofHours(1))).isEqualTo("60 min");
        assertThat(SoakReport.text(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(SoakReport.text(Duration.ofMillis(7_500))).isEqualTo("7500 ms");
        assertThat(SoakReport.text(Duration.ofMillis(500))).isEqualTo("500 ms");
    }

    @Test
    void shouldJudgeTheP99ByBlockAndTheMemoryBySample(@TempDir Path directory) {
        long start = 1_000_000L;
        SoakTimeline timeline = new SoakTimeline(start, 10_000, new SteadyGauges());
        for (int window = 1; window <= 12; window++) {
            // a window of the warm-up with the highest p99 of all: the ten-second windows alone would say flat
            timeline.add(start + window * 10_000L - 1, window == 2 ? 900 : 100);
            timeline.tick(start + window * 10_000L, 1, window * 100L, window * 100L);
        }
        EndToEndBench.SoakResult result = new EndToEndBench.SoakResult(new EndToEndBench.Throughput(1_000, 100),
                List.of(100.0, 100.0), 30, Duration.ofSeconds(10), List.of(), Duration.ofSeconds(20), timeline,
                new double[] {120, 118, 131, 125, 119, 122}, List.of());

        String printed = printed(() -> SoakReport.print(result, directory));

        assertThat(printed).contains("p99 of each 20 s (every output read in it): 120, 118, 131, 125, 119, 122 ms");
        assertThat(printed.strip().lines().reduce((first, second) -> second).orElseThrow())
                .startsWith("soak flat=no heap_after_gc=flat(+0%) resident=flat(+0%) block_cache=flat(+0%) "
                        + "open_files=flat(+0%) p99=grew(+9%)");
    }

    private static String printed(Runnable print) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            print.run();
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A process that holds the same all along. */
    private static final class SteadyGauges implements SoakTimeline.Gauges {
        @Override
        public long heapAfterGcBytes() {
            return 200_000_000L;
        }

        @Override
        public long residentBytes() {
            return 2_000_000_000L;
        }

        @Override
        public double blockCacheBytes() {
            return 250_000_000;
        }

        @Override
        public long openFiles() {
            return 200;
        }

        @Override
        public long brokerFiles() {
            return 80;
        }

        @Override
        public double commitAvgMillis() {
            return 5;
        }

        @Override
        public double commitMaxMillis() {
            return 20;
        }
    }
}
