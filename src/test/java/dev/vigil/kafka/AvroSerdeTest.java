package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.vigil.avro.SensorReading;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    /** SensorReading as it was before it had channels. */
    private static final Schema WITHOUT_CHANNELS = new Schema.Parser().parse("""
            {"type": "record", "name": "SensorReading", "namespace": "dev.vigil.avro", "fields": [
              {"name": "sensor_id", "type": "string"},
              {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "value", "type": ["null", "double"], "default": null}]}""");

    private final SensorReading reading = new SensorReading("pump-7", Instant.ofEpochMilli(1_700_000_000_000L),
            21.5, Map.of("pressure", 1.25));

    @Test
    void shouldWriteTheBytesOfAvrosOwnMessageEncoderAndReadThemBack() throws Exception {
        AvroSerde<SensorReading> serde = new AvroSerde<>(SensorReading.getClassSchema());

        byte[] bytes = serde.encode(reading);

        ByteBuffer avros = new BinaryMessageEncoder<SensorReading>(SpecificData.get(),
                SensorReading.getClassSchema()).encode(reading);
        assertThat(ByteBuffer.wrap(bytes)).isEqualTo(avros);
        assertThat(serde.decode(bytes)).isEqualTo(reading);
    }

    @Test
    void shouldReadAnEarlierSchemaOnlyWhenToldOfIt() throws Exception {
        GenericRecord old = new GenericData.Record(WITHOUT_CHANNELS);
        old.put("sensor_id", "pump-7");
        old.put("event_time", 1_700_000_000_000L);
        old.put("value", 21.5);
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), WITHOUT_CHANNELS).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        assertThatThrownBy(() -> new AvroSerde<SensorReading>(SensorReading.getClassSchema()).decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a single-object encoded dev.vigil.avro.SensorReading")
                .hasMessageContaining("no schema known for fingerprint");

        SensorReading read = new AvroSerde<SensorReading>(SensorReading.getClassSchema())
                .alsoReading(WITHOUT_CHANNELS).decode(bytes);
        assertThat(read.getSensorId()).isEqualTo("pump-7");
        assertThat(read.getValue()).isEqualTo(21.5);
        assertThat(read.getChannels()).isEmpty();
    }

    @Test
    void shouldNameWhatItExpectedWhenTheBytesAreNotSingleObjectEncoded() {
        AvroSerde<SensorReading> serde = new AvroSerde<>(SensorReading.getClassSchema());

        assertThatThrownBy(() -> serde.decode("{\"value\": 1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a single-object encoded dev.vigil.avro.SensorReading");
        assertThatThrownBy(() -> serde.decode(new byte[] {(byte) 0xC3, 0x01, 0}))
                .isInstanceOf(SerializationException.class);
        byte[] truncated = serde.encode(reading);
        assertThatThrownBy(() -> serde.decode(Arrays.copyOf(truncated, truncated.length - 3)))
                .isInstanceOf(SerializationException.class);
    }
}
