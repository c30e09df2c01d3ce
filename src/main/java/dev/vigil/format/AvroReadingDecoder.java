package dev.vigil.format;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

/** Vigil's own readings: {@code SensorReading} in Avro single-object encoding (schemas/SensorReading.avsc). */
final class AvroReadingDecoder implements ReadingDecoder {

    private final BinaryMessageDecoder<SensorReading> decoder =
            new BinaryMessageDecoder<>(SpecificData.get(), SensorReading.getClassSchema());

    @Override
    public SensorReading decode(byte[] value) throws UnreadableReading {
        SensorReading reading;
        try {
            reading = decoder.decode(value);
        } catch (Exception e) {
            throw new UnreadableReading(DeadLetterReason.UNDECODABLE, "not a single-object encoded "
                    + SensorReading.getClassSchema().getFullName() + ": " + e.getMessage());
        }
        if (reading.getValue() == null) {
            throw new UnreadableReading(DeadLetterReason.MISSING_FIELD, "reading has no value");
        }
        if (reading.getEventTime() == null) {
            throw new UnreadableReading(DeadLetterReason.MISSING_FIELD, "reading has no event_time");
        }
        return reading;
    }
}
