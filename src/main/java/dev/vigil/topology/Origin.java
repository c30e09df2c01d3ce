package dev.vigil.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where an input record came from, for its dead letter: topic, partition, offset and its key as sent. Usually the
 * record being processed; after a re-keying ({@code readings.key=payload}) the record comes from the repartition
 * topic with the sensor id as key, so {@link PayloadKeyRouter} writes the original coordinates into headers and
 * they are read back here (and taken off again, so they do not travel on to the outputs).
 */
record Origin(String topic, int partition, long offset, byte[] key) {

    static final String TOPIC_HEADER = "vigil.source.topic";
    static final String PARTITION_HEADER = "vigil.source.partition";
    static final String OFFSET_HEADER = "vigil.source.offset";
    static final String KEY_HEADER = "vigil.source.key";

    /** The origin of the record being processed: its headers' if a router stamped them, else its own. */
    static Origin of(ProcessorContext<?, ?> context, Record<String, ?> record) {
        Header topic = record.headers().lastHeader(TOPIC_HEADER);
        if (topic != null) {
            Header key = record.headers().lastHeader(KEY_HEADER);
            return new Origin(text(topic), Integer.parseInt(text(record.headers().lastHeader(PARTITION_HEADER))),
                    Long.parseLong(text(record.headers().lastHeader(OFFSET_HEADER))), key == null ? null : key.value());
        }
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return context.recordMetadata()
                .map(source -> new Origin(source.topic(), source.partition(), source.offset(), key))
                .orElse(new Origin(null, -1, -1, key));
    }

    /** Headers that carry this origin across a repartition topic, on top of the record's own. */
    Headers stampedOn(Headers headers) {
        if (topic == null) {
            return headers;
        }
        Headers stamped = new RecordHeaders(headers.toArray());
        stamped.remove(TOPIC_HEADER).remove(PARTITION_HEADER).remove(OFFSET_HEADER).remove(KEY_HEADER);
        stamped.add(TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        stamped.add(PARTITION_HEADER, String.valueOf(partition).getBytes(StandardCharsets.UTF_8));
        stamped.add(OFFSET_HEADER, String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            stamped.add(KEY_HEADER, key);
        }
        return stamped;
    }

    /** The record's headers without the origin's: what goes on to the outputs. */
    static Headers withoutOrigin(Headers headers) {
        if (headers.lastHeader(TOPIC_HEADER) == null) {
            return headers;
        }
        Headers plain = new RecordHeaders(headers.toArray());
        plain.remove(TOPIC_HEADER).remove(PARTITION_HEADER).remove(OFFSET_HEADER).remove(KEY_HEADER);
        return plain;
    }

    private static String text(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
