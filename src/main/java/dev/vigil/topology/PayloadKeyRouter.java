package dev.vigil.topology;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.format.ReadingDecoder;
import dev.vigil.format.UnreadableReading;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * With {@code readings.key=payload}: keys each reading by the sensor id in its payload, whatever key it was sent
 * with (none, or a device topic), so that one sensor's readings meet in one task and its state. A record that
 * cannot be read has no sensor id to be keyed by and becomes a dead letter here, with its own coordinates; a
 * readable one is forwarded as it arrived (its original bytes) with the new key, its coordinates in headers
 * ({@link Origin}), to the repartition topic. Every input record is forwarded exactly once, one way or the other.
 */
final class PayloadKeyRouter implements Processor<String, byte[], String, Object> {

    private final ReadingDecoder decoder;
    private final ScoringMeters meters;
    private ProcessorContext<String, Object> context;

    PayloadKeyRouter(ReadingDecoder decoder, ScoringMeters meters) {
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
        if (record.value() == null) {
            reject(record, origin, DeadLetterReason.NULL_VALUE, "record has no value");
            return;
        }
        String sensorId;
        try {
            sensorId = decoder.decode(record.value()).getSensorId();
        } catch (UnreadableReading e) {
            reject(record, origin, e.reason(), e.detail());
            return;
        }
        context.forward(record.withKey(sensorId).withHeaders(origin.stampedOn(record.headers())));
    }

    private void reject(Record<String, byte[]> record, Origin origin, DeadLetterReason reason, String detail) {
        meters.deadLetter(reason);
        DeadLetter letter = DeadLetters.envelope(context, record, origin, record.value(), reason, detail);
        context.forward(record.withValue(letter));
    }
}
