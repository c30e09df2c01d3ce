package dev.vigil.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.vigil.avro.NetworkState;

/**
 * One key's LSTM memory: h and c of every layer, laid out layer after layer.
 *
 * <p>The network keeps no per-key state (docs/DESIGN.md, decision 3): a step stacks the keys' states into the batch
 * and writes the new ones back here, and the caller keeps them in its state store.
 */
public final class LstmState {

    private final int layers;
    private final int units;
    private final float[] hidden;
    private final float[] cell;

    private LstmState(int layers, int units, float[] hidden, float[] cell) {
        this.layers = layers;
        this.units = units;
        this.hidden = hidden;
        this.cell = cell;
    }

    /** The state of a key never seen: all zeros, as the network starts every sequence. */
    public static LstmState zero(int layers, int units) {
        return new LstmState(layers, units, new float[layers * units], new float[layers * units]);
    }

    /** Wraps stored arrays (copied); an empty or mis-sized pair gives the zero state. */
    public static LstmState of(int layers, int units, float[] hidden, float[] cell) {
        int size = layers * units;
        if (hidden.length != size || cell.length != size) {
            return zero(layers, units);
        }
        return new LstmState(layers, units, hidden.clone(), cell.clone());
    }

    /** A stored state (float32 little-endian, layer after layer); an empty or mis-sized one gives the zero state. */
    public static LstmState from(NetworkState stored, int layers, int units) {
        return of(layers, units, toFloats(stored.getHidden()), toFloats(stored.getCell()));
    }

    public NetworkState toAvro() {
        return new NetworkState(toBytes(hidden), toBytes(cell));
    }

    public int layers() {
        return layers;
    }

    public int units() {
        return units;
    }

    /** h of every layer (layer after layer), a live view to read or overwrite. */
    public float[] hidden() {
        return hidden;
    }

    public float[] cell() {
        return cell;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LstmState that
                && layers == that.layers && units == that.units
                && Arrays.equals(hidden, that.hidden) && Arrays.equals(cell, that.cell);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + Arrays.hashCode(cell);
    }

    private static ByteBuffer toBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    private static float[] toFloats(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[view.remaining() / Float.BYTES];
        view.asFloatBuffer().get(values);
        return values;
    }
}
