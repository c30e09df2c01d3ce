package dev.vigil.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter envelope: why, where the record came from, and its original bytes. */
final class DeadLetters {

    private DeadLetters() {
    }

    static DeadLetter envelope(ProcessorContext<?, ?> context, Record<String, ?> record, byte[] originalValue,
                               DeadLetterReason reason, String detail) {
        DeadLetter.Builder letter = DeadLetter.newBuilder()
                .setReason(reason)
                .setDetail(detail)
                .setSourceTimestamp(record.timestamp())
                .setOriginalKey(record.key() == null ? null
                        : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(originalValue == null ? null : ByteBuffer.wrap(originalValue))
                .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.recordMetadata().ifPresent((RecordMetadata source) -> letter
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset()));
        return letter.build();
    }
}
