package dev.vigil.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;

import org.junit.jupiter.api.Test;

class JsonReadingDecoderTest {

    private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

    private final JsonReadingDecoder decoder = new JsonReadingDecoder(JsonReadingFields.DEFAULT);

    @Test
    void shouldReadAnIsoTimestampAndIgnoreOtherFields() throws Exception {
        SensorReading reading = decode("{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T12:00:00Z\","
                + "\"value\":21.5,\"unit\":\"C\",\"battery\":{\"level\":80}}");

        assertThat(reading.getSensorId()).isEqualTo("pump-1");
        assertThat(reading.getEventTime()).isEqualTo(NOON);
        assertThat(reading.getValue()).isEqualTo(21.5);
    }

    @Test
    void shouldReadEpochMillisecondsAsANumberOrDigitsAndTimesWithAnOffset() throws Exception {
        assertThat(decode("{\"sensor_id\":\"a\",\"timestamp\":" + NOON.toEpochMilli() + ",\"value\":1}")
                .getEventTime()).isEqualTo(NOON);
        assertThat(decode("{\"sensor_id\":\"a\",\"timestamp\":\"" + NOON.toEpochMilli() + "\",\"value\":1}")
                .getEventTime()).isEqualTo(NOON);
        assertThat(decode("{\"sensor_id\":\"a\",\"timestamp\":\"2026-01-01T14:00:00.000+02:00\",\"value\":1}")
                .getEventTime()).isEqualTo(NOON);
    }

    @Test
    void shouldTakeAWholeNumberAsSensorId() throws Exception {
        assertThat(decode("{\"sensor_id\":4711,\"timestamp\":0,\"value\":-3}").getSensorId()).isEqualTo("4711");
    }

    @Test
    void shouldReadConfiguredFieldsAndJsonPointers() throws Exception {
        JsonReadingDecoder nested = new JsonReadingDecoder(new JsonReadingFields("/device/id", "ts", "/payload/temp"));

        SensorReading reading = nested.decode(bytes(
                "{\"device\":{\"id\":\"boiler-7\"},\"ts\":\"2026-01-01T12:00:00Z\",\"payload\":{\"temp\":71.25}}"));

        assertThat(reading.getSensorId()).isEqualTo("boiler-7");
        assertThat(reading.getEventTime()).isEqualTo(NOON);
        assertThat(reading.getValue()).isEqualTo(71.25);
    }

    @Test
    void shouldRefuseWhatIsNotAJsonObject() {
        assertUnreadable("temperature=21.5", DeadLetterReason.UNDECODABLE, "not JSON");
        assertUnreadable("{\"sensor_id\":\"a\"", DeadLetterReason.UNDECODABLE, "not JSON");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":0,\"value\":1} trailing", DeadLetterReason.UNDECODABLE,
                "not JSON");
        assertUnreadable("[1,2,3]", DeadLetterReason.UNDECODABLE, "the JSON is an array [1,2,3], not an object");
        assertUnreadable("", DeadLetterReason.UNDECODABLE, "empty value");
    }

    @Test
    void shouldNameTheMissingOrNullField() {
        assertUnreadable("{\"timestamp\":0,\"value\":1}", DeadLetterReason.MISSING_FIELD, "no 'sensor_id' field");
        assertUnreadable("{\"sensor_id\":\"a\",\"value\":1}", DeadLetterReason.MISSING_FIELD, "no 'timestamp' field");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":0}", DeadLetterReason.MISSING_FIELD, "no 'value' field");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":0,\"value\":null}", DeadLetterReason.MISSING_FIELD,
                "'value' is null");
    }

    @Test
    void shouldRefuseAValueThatIsNotANumber() {
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":0,\"value\":\"21.5\"}", DeadLetterReason.INVALID_FIELD,
                "'value' is a string \"21.5\", not a number");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":0,\"value\":true}", DeadLetterReason.INVALID_FIELD,
                "'value' is a boolean true, not a number");
    }

    @Test
    void shouldRefuseATimestampThatIsNeitherIsoWithAZoneNorEpochMilliseconds() {
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":\"2026-01-01T12:00:00\",\"value\":1}",
                DeadLetterReason.INVALID_FIELD, "'timestamp' is \"2026-01-01T12:00:00\": neither ISO-8601");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":\"yesterday\",\"value\":1}",
                DeadLetterReason.INVALID_FIELD, "neither ISO-8601 with a zone or offset");
        assertUnreadable("{\"sensor_id\":\"a\",\"timestamp\":1.7e12,\"value\":1}",
                DeadLetterReason.INVALID_FIELD, "not ISO-8601 text or epoch milliseconds");
    }

    @Test
    void shouldRefuseASensorIdThatIsNoId() {
        assertUnreadable("{\"sensor_id\":\" \",\"timestamp\":0,\"value\":1}", DeadLetterReason.INVALID_FIELD,
                "'sensor_id' is empty");
        assertUnreadable("{\"sensor_id\":{\"a\":1},\"timestamp\":0,\"value\":1}", DeadLetterReason.INVALID_FIELD,
                "'sensor_id' is an object");
    }

    private SensorReading decode(String json) throws UnreadableReading {
        return decoder.decode(bytes(json));
    }

    private void assertUnreadable(String json, DeadLetterReason reason, String detail) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(UnreadableReading.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.detail()).contains(detail);
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
