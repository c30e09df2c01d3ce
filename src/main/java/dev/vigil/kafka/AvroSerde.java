package dev.vigil.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.MissingSchemaException;
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
    private final SingleObjectCodec<T> codec;
    /** Per earlier layout, a codec that knows only it, and how its values become a {@code T}. */
    private final Map<SingleObjectCodec<GenericRecord>, Function<GenericRecord, T>> legacy;

    public AvroSerde(Schema schema) {
        this(schema, Map.of());
    }

    private AvroSerde(Schema schema, Map<Schema, Function<GenericRecord, T>> layouts) {
        this.schema = schema;
        this.codec = new SingleObjectCodec<>(SpecificData.get(), schema);
        this.legacy = new LinkedHashMap<>();
        layouts.forEach((layout, upgrade) -> legacy.put(new SingleObjectCodec<>(GenericData.get(), layout), upgrade));
    }

    /**
     * A serde that also reads values written with earlier {@code layouts} that Avro's schema resolution cannot turn
     * into {@code T} by itself (fields moved into nested records, merged or split), each through its upgrade. It
     * writes the current layout only.
     */
    public static <T extends SpecificRecord> AvroSerde<T> readingLegacy(Schema schema,
                                                                       Map<Schema, Function<GenericRecord, T>> layouts) {
        return new AvroSerde<>(schema, layouts);
    }

    /**
     * Also reads values written with {@code earlier} versions of the schema that Avro's schema resolution turns into
     * {@code T} by itself (fields added with defaults): a store or topic written before the change is read on.
     */
    public AvroSerde<T> alsoReading(Schema... earlier) {
        for (Schema schema : earlier) {
            codec.addSchema(schema);
        }
        return this;
    }

    /** A schema kept as a class-path resource (an earlier version of a record's schema). */
    public static Schema schemaResource(String path) {
        try (InputStream in = AvroSerde.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + path + " is missing");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + path, e);
        }
    }

    /** Decodes, or throws {@link SerializationException} saying why the bytes are not a {@code T}. */
    public T decode(byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (MissingSchemaException e) {
            if (legacy.isEmpty()) {
                throw new SerializationException("not a single-object encoded " + schema.getFullName() + ": "
                        + e.getMessage(), e);
            }
            return decodeLegacy(bytes);
        } catch (Exception e) {
            throw new SerializationException("not a single-object encoded " + schema.getFullName() + ": "
                    + e.getMessage(), e);
        }
    }

    private T decodeLegacy(byte[] bytes) {
        for (Map.Entry<SingleObjectCodec<GenericRecord>, Function<GenericRecord, T>> layout : legacy.entrySet()) {
            GenericRecord old;
            try {
                old = layout.getKey().decode(bytes);
            } catch (MissingSchemaException e) {
                continue;
            } catch (Exception e) {
                throw unreadable(e);
            }
            try {
                return layout.getValue().apply(old);
            } catch (RuntimeException e) {
                throw unreadable(e);
            }
        }
        throw new SerializationException("neither a single-object encoded " + schema.getFullName()
                + " nor one in an earlier layout");
    }

    private SerializationException unreadable(Exception e) {
        return new SerializationException("neither a single-object encoded " + schema.getFullName()
                + " nor one in its earlier layouts: " + e.getMessage(), e);
    }

    public byte[] encode(T value) {
        try {
            return codec.encode(value);
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
