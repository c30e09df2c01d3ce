package dev.vigil.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.vigil.avro.NetworkState;

/**
 * One key's memory between readings, in the parts its architecture lays out (an LSTM: h of every layer, then c of
 * every layer). The network keeps no per-key state (docs/DESIGN.md, decision 3): a step reads the keys' memories and
 * writes the new ones back here, and the caller keeps them in its state store.
 */
public final class NetworkMemory {

    private final float[][] parts;

    private NetworkMemory(float[][] parts) {
        this.parts = parts;
    }

    static NetworkMemory zero(int... sizes) {
        float[][] parts = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            parts[i] = new float[sizes[i]];
        }
        return new NetworkMemory(parts);
    }

    /** A stored memory (each part float32 little-endian); the zero memory when it is empty or of another shape. */
    static NetworkMemory from(NetworkState stored, int... sizes) {
        List<ByteBuffer> storedParts = stored.getParts();
        if (storedParts.size() != sizes.length) {
            return zero(sizes);
        }
        float[][] parts = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            ByteBuffer view = storedParts.get(i).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            if (view.remaining() != sizes[i] * Float.BYTES) {
                return zero(sizes);
            }
            parts[i] = new float[sizes[i]];
            view.asFloatBuffer().get(parts[i]);
        }
        return new NetworkMemory(parts);
    }

    public NetworkState toAvro() {
        List<ByteBuffer> stored = new ArrayList<>(parts.length);
        for (float[] part : parts) {
            ByteBuffer buffer = ByteBuffer.allocate(part.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(part);
            stored.add(buffer);
        }
        return new NetworkState(stored);
    }

    /** The i-th part, a live view to read or overwrite. */
    public float[] part(int i) {
        return parts[i];
    }

    public int size() {
        return parts.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkMemory that && Arrays.deepEquals(parts, that.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(parts);
    }
}
