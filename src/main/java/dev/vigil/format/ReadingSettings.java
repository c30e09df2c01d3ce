package dev.vigil.format;

/** How readings arrive: their format, where the sensor id is taken from, and (for JSON) which fields to read. */
public record ReadingSettings(WireFormat format, KeySource keySource, JsonReadingFields jsonFields) {

    /** Vigil's own Avro readings keyed by sensor id: the default. */
    public static ReadingSettings avroKeyedBySensor() {
        return new ReadingSettings(WireFormat.AVRO, KeySource.RECORD, JsonReadingFields.DEFAULT);
    }
}
