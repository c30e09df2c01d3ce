package dev.vigil.it;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.app.VigilApp;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;
import dev.vigil.config.VigilConfig;
import dev.vigil.testing.JsonSchemas;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IoT platform sends, through a real broker: JSON readings without keys (or with a device topic as key),
 * re-keyed by their sensor id; JSON forecasts out; malformed JSON dead-lettered with its reason; and still one
 * forecast or one dead letter per record in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonFormatsIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "fan-1", "fan-2");

    @TempDir
    static Path dir;

    private KafkaFixture kafka;

    @BeforeAll
    void startBroker() {
        kafka = KafkaFixture.start(dir.resolve("broker"));
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldScoreKeylessJsonReadingsAndDeadLetterMalformedOnes() {
        List<SimpleEntry<String, byte[]>> input = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            for (String sensor : SENSORS) {
                // half the fleet sends no key, the other half its MQTT topic: neither is the sensor id. The keyless
                // readings of one producer share a partition until batch.size bytes (the sticky partitioner), so
                // each pump's readings keep their order here; spread over partitions they would not (decision 0007)
                String key = sensor.startsWith("pump") ? null : "devices/" + sensor + "/telemetry";
                input.add(new SimpleEntry<>(key, utf8("{\"sensor_id\":\"" + sensor + "\",\"timestamp\":"
                        + at(step).toEpochMilli() + ",\"value\":" + healthy(step) + ",\"rssi\":-61}")));
            }
        }
        Map<String, DeadLetterReason> malformed = Map.of(
                "{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T10:00:00Z\",\"value\":", DeadLetterReason.UNDECODABLE,
                "{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T10:00:00Z\"}", DeadLetterReason.MISSING_FIELD,
                "{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T10:00:00Z\",\"value\":\"n/a\"}",
                DeadLetterReason.INVALID_FIELD,
                "{\"sensor_id\":\"pump-1\",\"timestamp\":\"10:00\",\"value\":1.0}", DeadLetterReason.INVALID_FIELD);
        malformed.keySet().forEach(json -> input.add(new SimpleEntry<>(null, utf8(json))));
        // readable, but older than fan-2's last reading: dead-lettered after the re-keying. Sent only once fan-2's
        // readings are scored: sent with them, this keyless record could land in another partition than theirs
        // (keyed by device topic), whose task may run first; it was then scored and fan-2's own earlier readings
        // dead-lettered instead, and the counts awaited below never came (decision 0007, JsonReadingsTopologyTest)
        String stale = "{\"sensor_id\":\"fan-2\",\"timestamp\":\"" + at(3) + "\",\"value\":20.0}";

        try (VigilApp app = VigilApp.start(config(), TestModels.small());
             KafkaFixture.CommittedReader forecasts = kafka.reader(app.topics().forecasts().name());
             KafkaFixture.CommittedReader deadLetters = kafka.reader(app.topics().deadLetters().name())) {
            kafka.produce(app.topics().readings().name(), input);
            List<ConsumerRecord<String, byte[]>> scored = forecasts.awaitCount(60 * SENSORS.size(), PATIENCE);
            kafka.produce(app.topics().readings().name(), List.of(new SimpleEntry<>(null, utf8(stale))));
            List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitCount(malformed.size() + 1, PATIENCE);

            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(scored.size() + letters.size()).as("records in = forecasts + dead letters")
                    .isEqualTo(input.size() + 1);
            assertThat(scored).allSatisfy(record -> {
                JsonSchemas.of("Forecast").assertValid(record.value());
                Forecast forecast = app.topics().forecasts().valueSerde().deserializer()
                        .deserialize(record.topic(), record.value());
                assertThat(record.key()).as("keyed by the payload's sensor id").isEqualTo(forecast.getSensorId());
            });
            assertThat(scored).extracting(ConsumerRecord::key).hasSameElementsAs(SENSORS);

            List<DeadLetter> decoded = letters.stream().map(record -> {
                JsonSchemas.of("DeadLetter").assertValid(record.value());
                return app.topics().deadLetters().valueSerde().deserializer().deserialize(record.topic(),
                        record.value());
            }).toList();
            List<DeadLetterReason> expected = new ArrayList<>(malformed.values());
            expected.add(DeadLetterReason.OUT_OF_ORDER);
            assertThat(decoded).extracting(DeadLetter::getReason).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(decoded).allSatisfy(letter -> {
                assertThat(letter.getSourceTopic()).isEqualTo(app.topics().readings().name());
                assertThat(letter.getDetail()).isNotBlank();
            });
            List<String> deadLettered = new ArrayList<>(malformed.keySet());
            deadLettered.add(stale);
            assertThat(decoded).extracting(letter -> new String(letter.getOriginalValue().array(),
                    StandardCharsets.UTF_8)).as("the stale reading itself, not one of fan-2's own")
                    .containsExactlyInAnyOrderElementsOf(deadLettered);
        }
    }

    private VigilConfig config() {
        Map<String, String> settings = new HashMap<>();
        settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(VigilConfig.APPLICATION_ID, "vigil-json");
        settings.put(VigilConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(VigilConfig.WARMUP_STEPS, "40");
        settings.put(VigilConfig.TOPIC_PARTITIONS, "3");
        settings.put(VigilConfig.FORMAT_READINGS, "json");
        settings.put(VigilConfig.FORMAT_OUTPUTS, "json");
        settings.put(VigilConfig.READINGS_KEY, "payload");
        settings.put(VigilConfig.TRAIN_ENABLED, "false");
        return VigilConfig.of(settings);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
