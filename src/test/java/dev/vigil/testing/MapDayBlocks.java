package dev.vigil.testing;

import java.util.HashMap;
import java.util.Map;

import dev.vigil.score.DayBlocks;

/** The keys' day blocks in a map, for tests of the scorer without a topology; counts the writes. */
public final class MapDayBlocks implements DayBlocks {

    private final Map<String, float[]> blocks = new HashMap<>();
    private int puts;
    private int deletes;

    @Override
    public float[] get(String sensorId, long block) {
        float[] values = blocks.get(key(sensorId, block));
        return values == null ? null : values.clone();
    }

    @Override
    public void put(String sensorId, long block, float[] values) {
        blocks.put(key(sensorId, block), values.clone());
        puts++;
    }

    @Override
    public void delete(String sensorId, long block) {
        blocks.remove(key(sensorId, block));
        deletes++;
    }

    /** Blocks held now, of every key. */
    public int size() {
        return blocks.size();
    }

    public int puts() {
        return puts;
    }

    public int deletes() {
        return deletes;
    }

    private static String key(String sensorId, long block) {
        return sensorId + '\u0000' + block;
    }
}
