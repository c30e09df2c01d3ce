package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThroughputMedianTest {

    @Test
    void shouldTakeTheMiddleRateSoThatOneSlowPassDoesNotMoveIt() {
        // run 33's vigil passes: one at two-thirds of the others' rate, which an average of two turned into the ratio
        List<EndToEndBench.Throughput> passes = List.of(new EndToEndBench.Throughput(600_000, 18_066),
                new EndToEndBench.Throughput(600_000, 23_400), new EndToEndBench.Throughput(600_000, 22_100));

        EndToEndBench.Throughput median = EndToEndBench.Throughput.median(passes);

        assertThat(median.perSecond()).isEqualTo(22_100);
        assertThat(median.records()).isEqualTo(1_800_000);
        assertThat(EndToEndBench.Throughput.rates(passes)).containsExactly(18_066.0, 23_400.0, 22_100.0);
    }
}
