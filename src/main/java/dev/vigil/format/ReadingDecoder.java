package dev.vigil.format;

import dev.vigil.avro.SensorReading;

/**
 * Turns a record value into a reading, or says precisely why it is not one. The decoded reading carries a
 * sensor id, an event time and a value (which may still be NaN or infinite: the validator judges that, the
 * same for every format).
 */
public interface ReadingDecoder {

    SensorReading decode(byte[] value) throws UnreadableReading;

    /** The decoder of the configured reading format. */
    static ReadingDecoder of(ReadingSettings settings) {
        return switch (settings.format()) {
            case AVRO -> new AvroReadingDecoder();
            case JSON -> new JsonReadingDecoder(settings.jsonFields());
        };
    }
}
