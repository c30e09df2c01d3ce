package dev.vigil.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What an alerting system would see: reads Vigil's outputs with a read_committed consumer (only what Vigil
 * committed) and keeps the counts the demo prints.
 */
public final class DemoMonitor implements Runnable {

    /** An episode as it opened. */
    public record Opened(String sensorId, long startedAtMillis) {
    }

    private final Topics topics;
    private final String bootstrapServers;
    private final Map<String, String> clientSettings;
    private final AtomicLong forecasts = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong modelVersion = new AtomicLong(-1);
    private final Set<String> openSensors = new HashSet<>();
    private final List<Opened> opened = new ArrayList<>();
    private volatile boolean running = true;

    public DemoMonitor(Topics topics, String bootstrapServers, Map<String, String> clientSettings) {
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer = Clients.readCommittedConsumer(bootstrapServers,
                clientSettings, "vigil-demo-monitor", List.of(topics.forecasts().name(), topics.anomalies().name(),
                        topics.deadLetters().name()))) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    take(record);
                }
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(topics.forecasts().name())) {
            Forecast forecast = topics.forecasts().valueSerde().deserializer().deserialize(record.topic(),
                    record.value());
            forecasts.incrementAndGet();
            modelVersion.set(forecast.getModelVersion());
        } else if (record.topic().equals(topics.anomalies().name())) {
            AnomalyEvent event = topics.anomalies().valueSerde().deserializer().deserialize(record.topic(),
                    record.value());
            synchronized (this) {
                if (event.getState() == EpisodeState.OPENED) {
                    openSensors.add(event.getSensorId());
                    opened.add(new Opened(event.getSensorId(), event.getStartedAt().toEpochMilli()));
                } else {
                    openSensors.remove(event.getSensorId());
                }
            }
        } else {
            deadLetters.incrementAndGet();
        }
    }

    public void stop() {
        running = false;
    }

    public long forecasts() {
        return forecasts.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public long modelVersion() {
        return modelVersion.get();
    }

    public synchronized int openAnomalies() {
        return openSensors.size();
    }

    public synchronized List<Opened> opened() {
        return List.copyOf(opened);
    }
}
