package dev.vigil.topology;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;
import dev.vigil.format.ReadingDecoder;
import dev.vigil.format.UnreadableReading;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and checks each incoming reading. A good one goes on to scoring; anything else goes to the
 * dead-letter topic with its reason, and touches no state. The key must be the reading's sensor id: as sent
 * ({@code readings.key=record}) or as {@link PayloadKeyRouter} set it from the payload.
 */
final class ReadingValidator implements Processor<String, byte[], String, Object> {

    private final ReadingDecoder decoder;
    private final ScoringMeters meters;
    private ProcessorContext<String, Object> context;

    ReadingValidator(ReadingDecoder decoder, ScoringMeters meters) {
        this.decoder = decoder;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Origin origin = Origin.of(context, record);
        Record<String, byte[]> plain = record.withHeaders(Origin.withoutOrigin(record.headers()));
        byte[] bytes = record.value();
        if (record.key() == null) {
            reject(plain, origin, DeadLetterReason.NULL_KEY, "record has no key; the key must be the sensor id "
                    + "(or set readings.key=payload to take it from the reading)");
            return;
        }
        if (bytes == null) {
            reject(plain, origin, DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        SensorReading reading;
        try {
            reading = decoder.decode(bytes);
        } catch (UnreadableReading e) {
            reject(plain, origin, e.reason(), e.detail());
            return;
        }
        if (!record.key().equals(reading.getSensorId())) {
            reject(plain, origin, DeadLetterReason.KEY_MISMATCH, "key '" + record.key()
                    + "' is not the reading's sensor_id '" + reading.getSensorId() + "'");
            return;
        }
        if (!Double.isFinite(reading.getValue())) {
            reject(plain, origin, DeadLetterReason.NOT_FINITE, "value is " + reading.getValue());
            return;
        }
        context.forward(plain.withValue(new ValidReading(reading, bytes, origin)), ScoringTopology.SCORER);
    }

    private void reject(Record<String, byte[]> record, Origin origin, DeadLetterReason reason, String detail) {
        meters.deadLetter(reason);
        context.forward(record.withValue(DeadLetters.envelope(context, record, origin, record.value(), reason,
                detail)), ScoringTopology.DEAD_LETTER_SINK);
    }
}
