package dev.vigil.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;

/**
 * Avro's single-object encoding of one record type: the marker {@code C3 01}, the writer schema's CRC-64-AVRO
 * fingerprint (little-endian), then the record's binary body. The same bytes as Avro's {@code BinaryMessageEncoder}
 * writes, and it reads what that writes, in the current schema or any schema {@link #addSchema added}.
 *
 * <p>Why not Avro's own message encoder and decoder: they write through the direct (unbuffered) binary encoder into
 * a {@code ByteArrayOutputStream} and read through the direct decoder from a {@code ByteArrayInputStream}, one
 * synchronized stream call per double, and a sensor's state is a few hundred doubles. Profiled in the bench, those
 * calls took half of the stream thread (docs/decisions/0029-state-codec.md). Here the body is written through Avro's
 * buffered encoder and read straight from the array.
 *
 * <p>Thread-safe once its schemas are added: the datum writer and readers are shared, as Avro's message coders share
 * theirs, and each call makes its own encoder or decoder.
 */
final class SingleObjectCodec<T> {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;
    /** First size of the output buffer: a sensor's state is about 2 KB, most other records far less. */
    private static final int INITIAL_BUFFER = 2048;

    private final GenericData model;
    private final Schema schema;
    private final byte[] header;
    private final DatumWriter<T> writer;
    /** By the writer schema's fingerprint, a reader from that schema to {@link #schema}. */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    @SuppressWarnings("unchecked")
    SingleObjectCodec(GenericData model, Schema schema) {
        this.model = model;
        this.schema = schema;
        this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .put(MARKER_0).put(MARKER_1).putLong(fingerprint(schema)).array();
        this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
        addSchema(schema);
    }

    /** Also reads bytes written with {@code writerSchema}, resolved to this codec's schema. Not thread-safe. */
    @SuppressWarnings("unchecked")
    void addSchema(Schema writerSchema) {
        readers.put(fingerprint(writerSchema), (DatumReader<T>) model.createDatumReader(writerSchema, schema));
    }

    byte[] encode(T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * The record in {@code bytes}.
     *
     * @throws BadHeaderException     when the bytes do not start with the single-object marker
     * @throws MissingSchemaException when they were written with a schema this codec was not given
     */
    T decode(byte[] bytes) throws IOException {
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new BadHeaderException("not a single-object encoding: no C3 01 marker and schema fingerprint");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new MissingSchemaException("no schema known for fingerprint " + Long.toHexString(fingerprint));
        }
        return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH,
                bytes.length - HEADER_LENGTH, null));
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
