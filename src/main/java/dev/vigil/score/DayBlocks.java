package dev.vigil.score;

/**
 * Where the older values of the keys' days live: blocks of {@link DayMemory#BLOCK} values, one entry per key and
 * block number, written once when full and deleted once no day-ago value reaches into them. In a running instance
 * this is a changelogged store beside the sensor-state store (topology.DayBlockStore); the scorer sees only this.
 *
 * <p>Why a store of its own: a key's day is most of its state (1,440 values for a once-a-minute sensor), and as a
 * field of the state every reading rewrote all of it to the store and the changelog to add four bytes
 * (docs/decisions/0028-the-day-in-blocks.md).
 */
public interface DayBlocks {

    /** The block's values, oldest first; null when the key has no such block. */
    float[] get(String sensorId, long block);

    void put(String sensorId, long block, float[] values);

    void delete(String sensorId, long block);
}
