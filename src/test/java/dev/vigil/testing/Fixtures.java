package dev.vigil.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.avro.SensorReading;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.Topics;

/** The vocabulary of Vigil's tests: named instants, readings, and a configuration sized for tests. */
public final class Fixtures {

    public static final Instant BEGINNING = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration STEP = Duration.ofMinutes(5);
    public static final int WARMUP = 40;

    private static final AvroSerde<SensorReading> READINGS = Topics.readingSerde();

    private Fixtures() {
    }

    /** The instant of the n-th reading of a 5-minute sensor. */
    public static Instant at(int step) {
        return BEGINNING.plus(STEP.multipliedBy(step));
    }

    public static SensorReading reading(String sensorId, Instant eventTime, double value) {
        return SensorReading.newBuilder().setSensorId(sensorId).setEventTime(eventTime).setValue(value).build();
    }

    public static byte[] encoded(String sensorId, Instant eventTime, double value) {
        return READINGS.encode(reading(sensorId, eventTime, value));
    }

    public static byte[] encoded(SensorReading reading) {
        return READINGS.encode(reading);
    }

    /** A smooth daily-like cycle with a little deterministic wobble: what a healthy sensor looks like. */
    public static double healthy(int step) {
        return 20 + 5 * Math.sin(2 * Math.PI * step / 48.0) + 0.2 * Math.sin(step * 1.7);
    }

    /**
     * A fleet's readings, step by step: sensor i follows {@link #healthy} around the level 10 i, every tenth sensor
     * jumps by 80 at {@code spikeStep}, and one corrupt record (not Avro) for {@code sensor-1} comes a third of the
     * way in. Keys are the sensor ids.
     */
    public static List<SimpleEntry<String, byte[]>> fleetWithSpikes(int sensors, int steps, int spikeStep) {
        List<SimpleEntry<String, byte[]>> records = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            for (int sensor = 0; sensor < sensors; sensor++) {
                String id = "sensor-" + sensor;
                double value = 10 * sensor + healthy(step + sensor) + (sensor % 10 == 0 && step == spikeStep ? 80 : 0);
                records.add(new SimpleEntry<>(id, encoded(id, at(step), value)));
            }
            if (step == steps / 3) {
                records.add(new SimpleEntry<>("sensor-1", "corrupt".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    /** Copies a directory tree, as a backup of a state directory would. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Test settings: short warm-up so tests stay small; everything else as shipped. */
    public static VigilConfig config() {
        return VigilConfig.of(Map.of(VigilConfig.WARMUP_STEPS, String.valueOf(WARMUP)));
    }
}
