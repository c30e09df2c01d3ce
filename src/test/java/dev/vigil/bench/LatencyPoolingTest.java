package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class LatencyPoolingTest {

    @Test
    void shouldTakeThePercentilesOfEveryPassTogether() {
        // a calm pass and a pass with a bad second: the pooled p99 is neither pass's own
        long[] calm = LongStream.rangeClosed(1, 100).map(i -> 100 + i % 10).toArray();
        long[] stormy = LongStream.rangeClosed(1, 100).map(i -> i > 95 ? 2_000 : 100 + i % 10).toArray();

        EndToEndBench.Latency pooled = EndToEndBench.Latency.pooled(5_000, stormy, calm);

        assertThat(pooled.samples()).isEqualTo(200);
        assertThat(pooled.offeredPerSecond()).isEqualTo(5_000);
        assertThat(pooled.p50Millis()).isEqualTo(105);
        assertThat(pooled.p99Millis()).isEqualTo(2_000);
        assertThat(pooled.maxMillis()).isEqualTo(2_000);
        assertThat(EndToEndBench.Latency.p99(calm)).isEqualTo(109);
        assertThat(EndToEndBench.Latency.p99(stormy)).isEqualTo(2_000);
    }

    @Test
    void shouldSayNothingOfAPassWithoutReadings() {
        assertThat(EndToEndBench.Latency.pooled(1, new long[0]).p99Millis()).isNaN();
        assertThat(EndToEndBench.Latency.p99(new long[0])).isNaN();
    }
}
