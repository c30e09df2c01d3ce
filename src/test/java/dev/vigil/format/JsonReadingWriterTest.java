package dev.vigil.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.vigil.avro.SensorReading;

import org.junit.jupiter.api.Test;

class JsonReadingWriterTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void shouldWriteWhatADeviceSendsWithTheDefaultFields() {
        byte[] json = new JsonReadingWriter(JsonReadingFields.DEFAULT).write("pump-1", AT, 21.5);

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"sensor_id\":\"pump-1\",\"timestamp\":\"2026-01-01T00:05:00Z\",\"value\":21.5}");
    }

    @Test
    void shouldWriteNestedFieldsThatTheDecoderReadsBack() throws Exception {
        JsonReadingFields nested = new JsonReadingFields("/device/id", "ts", "/payload/temp");

        SensorReading reading = new JsonReadingDecoder(nested).decode(new JsonReadingWriter(nested)
                .write("boiler-7", AT, -4.25));

        assertThat(reading.getSensorId()).isEqualTo("boiler-7");
        assertThat(reading.getEventTime()).isEqualTo(AT);
        assertThat(reading.getValue()).isEqualTo(-4.25);
    }
}
