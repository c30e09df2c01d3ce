package dev.vigil.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
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
 * calls took half of the stream thread (docs/decisions/0029-state-codec.md). Here the direct encoder writes into an
 * unsynchronized array sized from the last record, and the decoder reads straight from the array.
 *
 * <p>Thread-safe once its schemas are added: the datum writer and readers are shared, as Avro's message coders share
 * theirs, and each call makes its own encoder or decoder.
 */
final class SingleObjectCodec<T> {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;
    /** Room beyond the last record's size, so that a record a little larger than the last is not copied twice. */
    private static final int SLACK = 64;

    private final GenericData model;
    private final Schema schema;
    private final byte[] header;
    private final DatumWriter<T> writer;
    /**
     * The size of the last record written, the first size of the next one's buffer: records of one type are about
     * the same size (a sensor's state about 2 KB). Read and written without a lock: a stale value only costs a copy.
     */
    private int sizeHint = 64;
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
        Sink out = new Sink(sizeHint + SLACK);
        out.write(header);
        writer.write(value, EncoderFactory.get().directBinaryEncoder(out, null));
        sizeHint = out.size;
        return out.bytes();
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

    /**
     * The bytes written so far, in an array that grows as a list does: unlike {@code ByteArrayOutputStream}, no
     * lock a call, and the direct encoder makes one call a value.
     */
    private static final class Sink extends OutputStream {
        private byte[] buffer;
        private int size;

        Sink(int capacity) {
            buffer = new byte[Math.max(capacity, HEADER_LENGTH)];
        }

        @Override
        public void write(int b) {
            room(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            room(length);
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] bytes() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }

    private static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
