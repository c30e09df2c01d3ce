package dev.vigil.topology;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Topics;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.LiveModel;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.JsonSchemas;
import dev.vigil.testing.TestModels;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON readings, keyed from the payload or by the record, and JSON outputs, through the whole topology. */
class JsonReadingsTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, byte[]> readings;
    private TestOutputTopic<String, byte[]> forecasts;
    private TestOutputTopic<String, byte[]> deadLetters;

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldKeyReadingsByThePayloadsSensorIdWhateverTheyWereSentWith() {
        open("payload");
        for (int step = 0; step < 5; step++) {
            readings.pipeInput(null, json("pump-1", step), at(step));
            readings.pipeInput("devices/pump-2/telemetry", json("pump-2", step), at(step));
        }

        List<TestRecord<String, byte[]>> out = forecasts.readRecordsToList();
        assertThat(out).hasSize(10);
        assertThat(out).extracting(TestRecord::key).containsOnly("pump-1", "pump-2");
        assertThat(out).allSatisfy(record -> {
            JsonSchemas.of("Forecast").assertValid(record.value());
            assertThat(forecast(record).getSensorId()).isEqualTo(record.key());
            assertThat(record.headers().toArray()).as("no routing headers on the outputs").isEmpty();
        });
        assertThat(out.stream().filter(record -> record.key().equals("pump-2")).map(this::forecast)
                .map(Forecast::getEventTime)).containsExactly(at(0), at(1), at(2), at(3), at(4));
    }

    @Test
    void shouldDeadLetterEveryUnreadableRecordWithItsReasonAndWhereItCameFrom() {
        open("payload");
        List<byte[]> bad = List.of(
                utf8("temperature=21.5"),
                utf8("{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T00:00:00Z\"}"),
                utf8("{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"hot\"}"),
                utf8("{\"sensor_id\":\"pump-1\",\"timestamp\":\"last tuesday\",\"value\":1}"),
                utf8("{\"timestamp\":0,\"value\":1}"),
                utf8("{\"sensor_id\":\"pump-1\",\"timestamp\":0,\"value\":1e400}"));
        for (int step = 0; step < 3; step++) {
            readings.pipeInput(null, json("pump-1", step), at(step));
        }
        bad.forEach(value -> readings.pipeInput("gateway-9", value, at(3)));
        readings.pipeInput((String) null, (byte[]) null, at(3));
        readings.pipeInput("gateway-9", json("pump-1", 1), at(3));

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        letters.forEach(record -> JsonSchemas.of("DeadLetter").assertValid(record.value()));
        List<DeadLetter> decoded = letters.stream().map(record -> topics.deadLetters().valueSerde().deserializer()
                .deserialize(null, record.value())).toList();
        assertThat(decoded).extracting(DeadLetter::getReason).containsExactly(
                DeadLetterReason.UNDECODABLE, DeadLetterReason.MISSING_FIELD, DeadLetterReason.INVALID_FIELD,
                DeadLetterReason.INVALID_FIELD, DeadLetterReason.MISSING_FIELD, DeadLetterReason.NOT_FINITE,
                DeadLetterReason.NULL_VALUE, DeadLetterReason.OUT_OF_ORDER);
        assertThat(decoded).extracting(DeadLetter::getDetail).contains("no 'value' field",
                "'value' is a string \"hot\", not a number", "no 'sensor_id' field");
        assertThat(decoded).allSatisfy(letter ->
                assertThat(letter.getSourceTopic()).as("the readings topic, also after the repartition")
                        .isEqualTo(topics.readings().name()));
        assertThat(decoded).extracting(DeadLetter::getSourceOffset).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(decoded.get(5).getOriginalKey().array()).isEqualTo(utf8("gateway-9"));
        assertThat(decoded.get(7).getOriginalKey().array()).as("the key it was sent with").isEqualTo(utf8("gateway-9"));
        assertThat(decoded.get(0).getOriginalValue().array()).isEqualTo(bad.get(0));

        int in = 3 + bad.size() + 2;
        assertThat(forecasts.readRecordsToList().size() + letters.size())
                .as("every record in yields one forecast or one dead letter").isEqualTo(in);
    }

    @Test
    void shouldJudgeOrderAfterTheReKeyingSoAStaleReadingThatOvertakesItsSensorPushesOutTheReadingsItPassed() {
        open("payload");
        // a keyless reading may sit in another partition than its sensor's keyed ones, and that partition's task may
        // run first: the scorer sees it before them (decision 0007). Still one forecast or one dead letter each.
        readings.pipeInput(null, json("fan-2", 3), at(3));
        for (int step = 0; step < 6; step++) {
            readings.pipeInput("devices/fan-2/telemetry", json("fan-2", step), at(step));
        }

        assertThat(forecasts.readRecordsToList().stream().map(this::forecast).map(Forecast::getEventTime))
                .containsExactly(at(3), at(3), at(4), at(5));
        List<DeadLetter> letters = deadLetters.readRecordsToList().stream().map(record -> topics.deadLetters()
                .valueSerde().deserializer().deserialize(null, record.value())).toList();
        assertThat(letters).extracting(DeadLetter::getReason).containsOnly(DeadLetterReason.OUT_OF_ORDER);
        assertThat(letters).extracting(letter -> new String(letter.getOriginalValue().array(), StandardCharsets.UTF_8))
                .containsExactly(text(json("fan-2", 0)), text(json("fan-2", 1)), text(json("fan-2", 2)));
    }

    @Test
    void shouldRequireTheKeyToBeTheSensorIdWhenKeyedByRecord() {
        open("record");
        readings.pipeInput("pump-1", json("pump-1", 0), at(0));
        readings.pipeInput(null, json("pump-1", 1), at(1));
        readings.pipeInput("pump-2", json("pump-1", 2), at(2));

        assertThat(forecasts.readRecordsToList()).hasSize(1);
        assertThat(deadLetters.readRecordsToList().stream().map(record -> topics.deadLetters().valueSerde()
                .deserializer().deserialize(null, record.value()).getReason()))
                .containsExactly(DeadLetterReason.NULL_KEY, DeadLetterReason.KEY_MISMATCH);
    }

    private Forecast forecast(TestRecord<String, byte[]> record) {
        return topics.forecasts().valueSerde().deserializer().deserialize(null, record.value());
    }

    private void open(String keySource) {
        VigilConfig config = VigilConfig.of(Map.of(
                VigilConfig.WARMUP_STEPS, String.valueOf(Fixtures.WARMUP),
                VigilConfig.FORMAT_READINGS, "json",
                VigilConfig.FORMAT_OUTPUTS, "json",
                VigilConfig.READINGS_KEY, keySource));
        topics = Topics.from(config);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "json-readings-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ScoringTopology.build(config,
                LiveModel.of(TestModels.small(), InferenceEngine.JAVA), ScoringTopology.StoreKind.IN_MEMORY,
                ScoringTopology.TrainingMode.INLINE), properties, Instant.EPOCH);
        readings = driver.createInputTopic(topics.readings().name(), topics.readings().keySerde().serializer(),
                topics.readings().valueSerde().serializer());
        forecasts = driver.createOutputTopic(topics.forecasts().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static byte[] json(String sensor, int step) {
        return utf8("{\"sensor_id\":\"" + sensor + "\",\"timestamp\":\"" + at(step) + "\",\"value\":" + healthy(step)
                + ",\"firmware\":\"1.2\"}");
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
