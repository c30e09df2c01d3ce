package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SoakReportTest {

    @Test
    void shouldPrintDurationsInTheLargestUnitThatHoldsThemWhole() {
        assertThat(SoakReport.text(Duration.ofHours(1))).isEqualTo("60 min");
        assertThat(SoakReport.text(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(SoakReport.text(Duration.ofMillis(7_500))).isEqualTo("7500 ms");
        assertThat(SoakReport.text(Duration.ofMillis(500))).isEqualTo("500 ms");
    }
}
