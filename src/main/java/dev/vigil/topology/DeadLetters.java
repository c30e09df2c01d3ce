package dev.vigil.topology;

import java.nio.ByteBuffer;
import java.time.Instant;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Builds the dead-letter envelope: why, where the record came from, and its original bytes. */
final class DeadLetters {

    private DeadLetters() {
    }

    static DeadLetter envelope(ProcessorContext<?, ?> context, Record<String, ?> record, Origin origin,
                               byte[] originalValue, DeadLetterReason reason, String detail) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setDetail(detail)
                .setSourceTimestamp(record.timestamp())
                .setOriginalKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
                .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue))
                .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setSourceTopic(origin.topic())
                .setSourcePartition(origin.partition())
                .setSourceOffset(origin.offset())
                .build();
    }
}
