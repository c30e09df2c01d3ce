package dev.vigil.topology;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;
import dev.vigil.kafka.AvroSerde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and checks each incoming reading. A good one goes on to scoring; anything else goes to the
 * dead-letter topic with its reason, and touches no state.
 */
final class ReadingValidator implements Processor<String, byte[], String, Object> {

    private final AvroSerde<SensorReading> serde;
    private final ScoringMeters meters;
    private ProcessorContext<String, Object> context;

    ReadingValidator(AvroSerde<SensorReading> serde, ScoringMeters meters) {
        this.serde = serde;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        if (record.key() == null) {
            reject(record, DeadLetterReason.NULL_KEY, "record has no key; the key must be the sensor id");
            return;
        }
        if (bytes == null) {
            reject(record, DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        SensorReading reading;
        try {
            reading = serde.decode(bytes);
        } catch (SerializationException e) {
            reject(record, DeadLetterReason.UNDECODABLE, e.getMessage());
            return;
        }
        if (reading.getValue() == null) {
            reject(record, DeadLetterReason.MISSING_FIELD, "reading has no value");
            return;
        }
        if (reading.getEventTime() == null) {
            reject(record, DeadLetterReason.MISSING_FIELD, "reading has no event_time");
            return;
        }
        if (!record.key().equals(reading.getSensorId())) {
            reject(record, DeadLetterReason.KEY_MISMATCH, "key '" + record.key() + "' is not the reading's sensor_id '"
                    + reading.getSensorId() + "'");
            return;
        }
        if (!Double.isFinite(reading.getValue())) {
            reject(record, DeadLetterReason.NOT_FINITE, "value is " + reading.getValue());
            return;
        }
        context.forward(record.withValue(new ValidReading(reading, bytes)), ScoringTopology.SCORER);
    }

    private void reject(Record<String, byte[]> record, DeadLetterReason reason, String detail) {
        meters.deadLetter(reason);
        context.forward(record.withValue(DeadLetters.envelope(context, record, record.value(), reason, detail)),
                ScoringTopology.DEAD_LETTER_SINK);
    }
}
