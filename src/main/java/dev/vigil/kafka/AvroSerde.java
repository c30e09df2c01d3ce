package dev.vigil.kafka;

import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro values in single-object encoding: a two-byte marker and the writer schema's fingerprint before the
 * binary body, so a reader knows what it holds without a schema registry (docs/DESIGN.md, decision 8).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroSerde(Schema schema) {
        this.schema = schema;
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
    }

    /** Decodes, or throws {@link SerializationException} saying why the bytes are not a {@code T}. */
    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (Exception e) {
            throw new SerializationException("not a single-object encoded " + schema.getFullName() + ": "
                    + e.getMessage(), e);
        }
    }

    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (Exception e) {
            throw new SerializationException("cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
