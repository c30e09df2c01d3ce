package dev.vigil.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.config.VigilConfig;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this process by one figure (Kafka Streams'
 * {@code rocksdb.config.setter}; docs/decisions/0015-rocksdb-memory-bound.md).
 *
 * <p>Left alone, Kafka Streams gives each store instance (one per partition and store) its own 50 MB block cache and
 * up to three 16 MB write buffers, and keeps index and filter blocks outside any cache: memory grows with the number
 * of partitions and, through the index and filters, with the number of sensors, which at a million sensors is what
 * an operator cannot predict. Here every store shares one LRU cache of {@link #MEMORY_BYTES_CONFIG} bytes; the write
 * buffers (a quarter of it) are charged to that same cache by one {@link WriteBufferManager}, and the index and filter
 * blocks live in the cache too (in its high-priority pool, the top level pinned), so the figure bounds the whole.
 * This is the pattern of the Kafka Streams memory-management guide.
 *
 * <p>The cache and the manager are shared by every store in the process and live as long as it does: Kafka Streams
 * calls {@link #close} once per store, so closing them there would pull them from under the stores still open. One
 * pair is kept per configured size, so that two applications in one JVM (tests, the benchmark's passes) configured
 * alike share it, as the stores of one instance do.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** The Streams property that carries the bound: Vigil's own setting, passed through under its name. */
    public static final String MEMORY_BYTES_CONFIG = VigilConfig.ROCKSDB_MEMORY_BYTES;

    /** Share of the bound that the write buffers may take (charged to the cache, so still inside the bound). */
    static final double WRITE_BUFFER_SHARE = 0.25;

    /**
     * Share of the cache reserved for index and filter blocks: evicting them makes every read of a cold block
     * read its index first. A million sensors' index and filters take about 20 MB (one index entry per 4 KB block,
     * 10 bits of Bloom filter per key), a tenth of the default bound.
     */
    static final double INDEX_FILTER_SHARE = 0.1;

    /** Kafka Streams' own write-buffer size, kept unless the bound's share is smaller. */
    private static final long STREAMS_WRITE_BUFFER_BYTES = 16L * 1024 * 1024;
    private static final int WRITE_BUFFERS_PER_STORE = 3;

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The cache and write-buffer manager of one bound, never closed (see the class comment). */
    private record Shared(Cache cache, WriteBufferManager writeBuffers, long writeBufferBytes) {

        static Shared of(long bytes) {
            RocksDB.loadLibrary();
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_SHARE);
            long writeBufferBytes = (long) (bytes * WRITE_BUFFER_SHARE);
            return new Shared(cache, new WriteBufferManager(writeBufferBytes, cache), writeBufferBytes);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(memoryBytes(configs), Shared::of);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        // a store's write buffer may not exceed what the manager allows all stores together, or the manager
        // flushes it before it fills
        options.setWriteBufferSize(Math.min(STREAMS_WRITE_BUFFER_BYTES, shared.writeBufferBytes() / 2));
        options.setMaxWriteBufferNumber(WRITE_BUFFERS_PER_STORE);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing of this store's own to close: the cache and the write-buffer manager are shared (class comment)
    }

    private static long memoryBytes(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_BYTES_CONFIG);
        if (value == null) {
            throw new ConfigException(MEMORY_BYTES_CONFIG + " must be set with "
                    + BoundedRocksDbMemory.class.getName());
        }
        try {
            long bytes = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            if (bytes <= 0) {
                throw new ConfigException(MEMORY_BYTES_CONFIG, value, "must be positive");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new ConfigException(MEMORY_BYTES_CONFIG, value, "not a number of bytes");
        }
    }
}
