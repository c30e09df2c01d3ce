package dev.vigil.demo;

import java.time.Instant;

import dev.vigil.avro.SensorReading;
import dev.vigil.format.JsonReadingWriter;
import dev.vigil.format.KeySource;
import dev.vigil.format.ReadingSettings;
import dev.vigil.format.WireFormat;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.Topics;

/**
 * How the simulated fleet writes its readings, to match what the Vigil it feeds expects: Vigil's Avro or a
 * device's JSON (with the configured field names), keyed by sensor id or, as many devices publish, with no key.
 */
public final class FleetEncoding {

    private final AvroSerde<SensorReading> avro = Topics.readingSerde();
    private final JsonReadingWriter json;
    private final WireFormat format;
    private final boolean keyed;

    public FleetEncoding(ReadingSettings readings) {
        this.format = readings.format();
        this.keyed = readings.keySource() == KeySource.RECORD;
        this.json = new JsonReadingWriter(readings.jsonFields());
    }

    /** Vigil's own Avro readings keyed by sensor id (the demo's). */
    public static FleetEncoding avroKeyedBySensor() {
        return new FleetEncoding(ReadingSettings.avroKeyedBySensor());
    }

    /** The record key: the sensor id, or null when Vigil takes the id from the payload. */
    String key(String sensorId) {
        return keyed ? sensorId : null;
    }

    byte[] value(String sensorId, Instant eventTime, double value) {
        return format == WireFormat.JSON ? json.write(sensorId, eventTime, value)
                : avro.encode(SensorReading.newBuilder().setSensorId(sensorId).setEventTime(eventTime)
                        .setValue(value).build());
    }

    public WireFormat format() {
        return format;
    }
}
