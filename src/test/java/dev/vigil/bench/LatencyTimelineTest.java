package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTimelineTest {

    private static final long START = 1_000_000L;

    @Test
    void shouldPutEachOutputInTheSecondItWasRead() {
        LatencyTimeline timeline = new LatencyTimeline("vigil", START);
        for (int i = 1; i <= 100; i++) {
            timeline.add(START + 10, i);
        }
        timeline.add(START + 2_500, 900);
        timeline.add(START - 1, 5_000);

        List<LatencyTimeline.Second> seconds = timeline.seconds();

        assertThat(seconds).hasSize(3);
        assertThat(seconds.get(0).samples()).isEqualTo(100);
        assertThat(seconds.get(0).p50Millis()).isEqualTo(50);
        assertThat(seconds.get(0).p99Millis()).isEqualTo(99);
        assertThat(seconds.get(0).maxMillis()).isEqualTo(100);
        assertThat(seconds.get(1).samples()).isZero();
        assertThat(seconds.get(1).maxMillis()).isNaN();
        assertThat(seconds.get(2).maxMillis()).as("read before the window: left out").isEqualTo(900);
        assertThat(seconds.get(2).startEpochMillis()).isEqualTo(START + 2_000);
    }

    @Test
    void shouldRecordTheModelVersionOfEachEndedSecond() {
        LatencyTimeline timeline = new LatencyTimeline("vigil", START);
        timeline.tick(START - 300, 1);
        timeline.tick(START + 500, 1);
        timeline.tick(START + 1_100, 1);
        timeline.tick(START + 2_050, 2);

        List<LatencyTimeline.Second> seconds = timeline.seconds();

        assertThat(seconds).extracting(LatencyTimeline.Second::modelVersion).containsExactly(1L, 2L);
        assertThat(seconds).allSatisfy(second -> {
            assertThat(second.gcMillis()).isNotNegative();
            assertThat(second.jitMillis()).isNotNegative();
            assertThat(second.processCpuMillis()).isNotNegative();
        });
        assertThat(timeline.meanProcessCores()).isNotNegative();
    }

    @Test
    void shouldKeepTheSlowestAcknowledgementOfTheReadingsSentInEachSecond() throws InterruptedException {
        LatencyTimeline timeline = new LatencyTimeline("vigil", START);
        Thread producer = new Thread(() -> {
            timeline.acked(START + 100, START + 105);
            timeline.acked(START + 900, START + 1_200);
            timeline.acked(START + 2_000, START + 2_004);
            timeline.acked(START - 10, START + 5_000);
        });
        producer.start();
        producer.join();
        timeline.add(START + 2_500, 30);

        List<LatencyTimeline.Second> seconds = timeline.seconds();

        assertThat(seconds).extracting(LatencyTimeline.Second::ackMaxMillis)
                .as("by the second it was sent in; before the window: left out")
                .containsExactly(300.0, Double.NaN, 4.0);
    }

    @Test
    void shouldWriteBothVariantsAsCsvAndPicture(@TempDir Path directory) throws IOException {
        LatencyTimeline vigil = new LatencyTimeline("vigil", START);
        vigil.add(START + 100, 40);
        vigil.add(START + 1_100, 2_000);
        vigil.event(START + 1_000, "v2 published");
        LatencyTimeline ceiling = new LatencyTimeline("ceiling", START);
        ceiling.add(START + 100, 30);

        Path png = LatencyTimeline.write(List.of(vigil, ceiling), directory);

        assertThat(Files.readAllLines(directory.resolve("latency.csv")))
                .hasSize(4)
                .contains("vigil,1,1001000,1,2000,2000,2000,-1,-1,-1,-1,-1,-1,NaN")
                .anyMatch(line -> line.startsWith("ceiling,0,"));
        assertThat(Files.readAllLines(directory.resolve("events.csv"))).contains("vigil,1.0,1001000,v2 published");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelinePlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * TimelinePlot.PANEL);
    }
}
