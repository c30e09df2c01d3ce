package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RetrainSettingsTest {

    private static final int EVERY = 32;
    private final RetrainSettings settings = new RetrainSettings(64, 7, EVERY, 8, 16, 64, 2048, 1, 1e-3, 0.2, 0.1, 20,
            Duration.ofMinutes(15), Duration.ofDays(7), 0.5);

    @Test
    void shouldSampleOneReadingInEveryOfEachSensor() {
        for (String sensor : new String[] {"pump-1", "pump-2", "", "ünïcode-sensor"}) {
            long[] steps = LongStream.range(0, 100 * EVERY).filter(step -> settings.samples(sensor, step)).toArray();
            assertThat(steps).as(sensor).hasSize(100);
            assertThat(steps[1] - steps[0]).isEqualTo(EVERY);
        }
    }

    @Test
    void shouldSpreadTheSensorsOfAFleetThatStartedTogetherOverThePhases() {
        // 3,200 sensors, all at the same reading: about a 32nd of them sample it, not all or none
        long[] perStep = LongStream.range(0, EVERY).map(step -> IntStream.range(0, 3_200)
                .filter(sensor -> settings.samples("sensor-" + sensor, step)).count()).toArray();

        assertThat(LongStream.of(perStep).sum()).isEqualTo(3_200);
        assertThat(LongStream.of(perStep).min().orElseThrow()).isGreaterThanOrEqualTo(50);
        assertThat(LongStream.of(perStep).max().orElseThrow()).isLessThanOrEqualTo(150);
    }
}
