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
 * device's JSON (with the configured field names), keyed by sensor id or by the device's topic.
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

    /**
     * The record key: the sensor id; or, when Vigil takes the id from the payload, the device's topic, as an MQTT
     * bridge sets it. Not null: Kafka keeps order per partition only, and keyless records of one sensor spread over
     * the partitions would overtake each other (dead-lettered as out of order) at the fleet's rate.
     */
    String key(String sensorId) {
        return keyed ? sensorId : "devices/" + sensorId + "/telemetry";
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
