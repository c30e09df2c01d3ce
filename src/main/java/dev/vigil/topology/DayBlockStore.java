package dev.vigil.topology;

import java.nio.ByteBuffer;

import dev.vigil.score.DayBlocks;
import dev.vigil.score.Float32Bytes;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The keys' day blocks ({@link DayBlocks}) in the task's {@value ScoringTopology#DAY_STORE} store: one entry per key
 * and block, its values float32 little-endian. The entry's key is the sensor id, a NUL, and the block number in
 * decimal; a sensor id may hold a NUL itself, but the last one in an entry's key is always the separator, so no two
 * sensors' blocks share a key.
 */
final class DayBlockStore implements DayBlocks {

    private final KeyValueStore<String, byte[]> store;

    DayBlockStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public float[] get(String sensorId, long block) {
        byte[] stored = store.get(key(sensorId, block));
        return stored == null ? null : Float32Bytes.floats(ByteBuffer.wrap(stored));
    }

    @Override
    public void put(String sensorId, long block, float[] values) {
        store.put(key(sensorId, block), Float32Bytes.of(values).array());
    }

    @Override
    public void delete(String sensorId, long block) {
        store.delete(key(sensorId, block));
    }

    static String key(String sensorId, long block) {
        return sensorId + '\u0000' + block;
    }
}
