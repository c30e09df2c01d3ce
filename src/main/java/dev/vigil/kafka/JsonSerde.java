package dev.vigil.kafka;

import java.io.IOException;

import dev.vigil.format.AvroJson;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One of Vigil's records as a UTF-8 JSON object ({@link AvroJson}; the JSON Schemas in {@code schemas/} describe
 * them): what {@code format.outputs=json} writes for alerting tools that read JSON.
 */
public final class JsonSerde<T extends SpecificRecord> implements Serde<T> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Schema schema;

    public JsonSerde(Schema schema) {
        this.schema = schema;
    }

    public byte[] encode(T value) {
        try {
            return MAPPER.writeValueAsBytes(AvroJson.toJson(value));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public T decode(byte[] bytes) {
        try {
            return AvroJson.fromJson(MAPPER.readTree(bytes), schema);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a JSON " + schema.getName() + ": " + e.getMessage(), e);
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
