package dev.vigil.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.vigil.kafka.Clients;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes the fleet's readings (Avro, or JSON: {@link FleetEncoding}), one step of every sensor after another,
 * paced to a target rate. Every {@code badEvery}-th record is deliberately broken (bytes that are neither Avro nor
 * JSON) to show the dead-letter path.
 */
public final class FleetProducer implements Runnable {

    /** Simulated time between two readings of one sensor. */
    static final Duration STEP = Duration.ofMinutes(1);
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final SensorFleet fleet;
    private final String bootstrapServers;
    private final Map<String, String> clientSettings;
    private final String topic;
    private final double ratePerSecond;
    private final long badEvery;
    private final FleetEncoding encoding;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong step = new AtomicLong();
    private volatile boolean running = true;

    public FleetProducer(SensorFleet fleet, String bootstrapServers, Map<String, String> clientSettings,
                         String topic, double ratePerSecond, long badEvery) {
        this(fleet, bootstrapServers, clientSettings, topic, ratePerSecond, badEvery,
                FleetEncoding.avroKeyedBySensor());
    }

    public FleetProducer(SensorFleet fleet, String bootstrapServers, Map<String, String> clientSettings,
                         String topic, double ratePerSecond, long badEvery, FleetEncoding encoding) {
        this.encoding = encoding;
        this.fleet = fleet;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.badEvery = badEvery;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = Clients.producer(bootstrapServers, clientSettings)) {
            while (running) {
                long current = step.get();
                Instant eventTime = EPOCH.plus(STEP.multipliedBy(current));
                for (int sensor = 0; sensor < fleet.size() && running; sensor++) {
                    String id = SensorFleet.sensorId(sensor);
                    long count = produced.incrementAndGet();
                    byte[] value = badEvery > 0 && count % badEvery == 0
                            ? "corrupt reading".getBytes(StandardCharsets.UTF_8)
                            : encoding.value(id, eventTime, fleet.value(sensor, current));
                    if (badEvery > 0 && count % badEvery == 0) {
                        corrupt.incrementAndGet();
                    }
                    producer.send(new ProducerRecord<>(topic, encoding.key(id), value));
                    pace(started, count);
                }
                step.incrementAndGet();
            }
            producer.flush();
        }
    }

    private void pace(long startedNanos, long count) {
        long due = startedNanos + (long) (count * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            LockSupport.parkNanos(wait);
        }
    }

    public void stop() {
        running = false;
    }

    public long produced() {
        return produced.get();
    }

    public long corrupt() {
        return corrupt.get();
    }

    /** Steps every sensor has completed. */
    public long step() {
        return step.get();
    }
}
