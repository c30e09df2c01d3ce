package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakTimelineTest {

    private static final long START = 1_000_000L;
    private static final long EVERY = 10_000L;

    /** Gauges that count up by one per reading, so each sample shows which reading it took. */
    static final class CountingGauges implements SoakTimeline.Gauges {
        private long reads;

        @Override
        public long heapAfterGcBytes() {
            return 1_000 + ++reads;
        }

        @Override
        public long residentBytes() {
            return 2_000 + reads;
        }

        @Override
        public double blockCacheBytes() {
            return 3_000 + reads;
        }

        @Override
        public long openFiles() {
            return 40 + reads;
        }

        @Override
        public long brokerFiles() {
            return 7;
        }

        @Override
        public double commitAvgMillis() {
            return 30.5;
        }

        @Override
        public double commitMaxMillis() {
            return 120;
        }
    }

    @Test
    void shouldCloseAWindowOnlyOnceItsIntervalHasEnded() {
        SoakTimeline timeline = new SoakTimeline(START, EVERY, new CountingGauges());
        for (int i = 1; i <= 100; i++) {
            timeline.add(START + 100 + i, i);
        }
        assertThat(timeline.tick(START + 9_999, 1, 0, 0)).isEmpty();
        assertThat(timeline.samples()).isEmpty();

        assertThat(timeline.tick(START + 10_000, 1, 150, 143)).isPresent();

        assertThat(timeline.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.secondsIn()).isEqualTo(10.0);
            assertThat(sample.outputs()).isEqualTo(100);
            assertThat(sample.readingsPerSecond()).isEqualTo(10.0);
            assertThat(sample.offeredPerSecond()).isEqualTo(15.0);
            assertThat(sample.brokerFiles()).isEqualTo(7);
            assertThat(sample.p50Millis()).isEqualTo(50);
            assertThat(sample.p99Millis()).isEqualTo(99);
            assertThat(sample.maxMillis()).isEqualTo(100);
            assertThat(sample.heapAfterGcBytes()).isEqualTo(1_001);
            assertThat(sample.openFiles()).isEqualTo(41);
            assertThat(sample.modelVersion()).isEqualTo(1);
            assertThat(sample.backlog()).isEqualTo(7);
        });
    }

    @Test
    void shouldStartEachWindowAfreshAndRateItOverTheTimeItReallyLasted() {
        SoakTimeline timeline = new SoakTimeline(START, EVERY, new CountingGauges());
        timeline.add(START + 5, 5_000);
        timeline.tick(START + EVERY, 1, 0, 0);
        for (int i = 0; i < 300; i++) {
            timeline.add(START + EVERY + 10, 20);
        }
        // a late tick: the second window lasted 20 s, not 10
        timeline.tick(START + 3 * EVERY, 2, 400, 301);

        List<SoakTimeline.Sample> samples = timeline.samples();

        assertThat(samples).extracting(SoakTimeline.Sample::index).containsExactly(0, 1);
        assertThat(samples.get(1).maxMillis()).as("the first window's outlier stays in it").isEqualTo(20);
        assertThat(samples.get(1).readingsPerSecond()).isEqualTo(15.0);
        assertThat(samples.get(1).offeredPerSecond()).as("sent in that window only").isEqualTo(20.0);
        assertThat(samples.get(1).backlog()).isEqualTo(99);
        assertThat(samples.get(1).modelVersion()).isEqualTo(2);
        assertThat(samples.get(1).heapAfterGcBytes()).isEqualTo(1_002);
    }

    @Test
    void shouldLeaveOutOutputsReadBeforeTheStartAndMarkEmptyWindows() {
        SoakTimeline timeline = new SoakTimeline(START, EVERY, new CountingGauges());
        timeline.add(START - 1, 9_000);
        timeline.tick(START + EVERY, 1, 0, 0);

        assertThat(timeline.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.outputs()).isZero();
            assertThat(sample.p99Millis()).isNaN();
        });
    }

    @Test
    void shouldCountTheSamplesOfTheWarmup() {
        SoakTimeline timeline = new SoakTimeline(START, EVERY, new CountingGauges());
        for (int i = 1; i <= 24; i++) {
            timeline.tick(START + i * EVERY, 1, 0, 0);
        }

        assertThat(Flatness.warmupCount(timeline.samples(), Flatness.warmup(Duration.ofMinutes(4))))
                .as("the first sixth of four minutes: 40 s, four windows of 10 s").isEqualTo(4);
    }

    @Test
    void shouldWriteTheSamplesTheEventsAndThePicture(@TempDir Path directory) throws IOException {
        SoakTimeline timeline = new SoakTimeline(START, EVERY, new CountingGauges());
        timeline.add(START + 10, 30);
        timeline.tick(START + EVERY, 1, 0, 0);
        timeline.event(START + 12_000, "v2 published");
        timeline.add(START + EVERY + 10, 60);
        timeline.tick(START + 2 * EVERY, 2, 10, 7);

        Path png = timeline.write(directory, 10);

        assertThat(Files.readAllLines(directory.resolve("soak.csv")))
                .hasSize(3)
                .contains("1,20.0,1002,2002,3002,42,7,1,1,0,60,60,60,2,3,30.5,120.0");
        assertThat(Files.readAllLines(directory.resolve("soak-events.csv"))).contains("12.0,1012000,v2 published");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelinePlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(4 * SoakPlot.PANEL);
    }
}
