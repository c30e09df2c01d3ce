package dev.vigil.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {

    private static final long BOUND = 64L * 1024 * 1024;

    private final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();

    @Test
    void shouldGiveEveryStoreTheSameWriteBufferManagerAndKeepIndexAndFiltersInTheCache() {
        try (Options first = streamsDefaults(); Options second = streamsDefaults()) {
            setter.setConfig("sensor-state", first, Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BOUND));
            setter.setConfig("training-reservoir", second, Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BOUND));

            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            assertThat(first.writeBufferSize() * 2).isLessThanOrEqualTo(
                    (long) (BOUND * BoundedRocksDbMemory.WRITE_BUFFER_SHARE));
        }
    }

    @Test
    void shouldKeepTheSharedManagerWhenOneStoreCloses() {
        try (Options closing = streamsDefaults(); Options staying = streamsDefaults()) {
            setter.setConfig("closing", closing, Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BOUND));
            setter.close("closing", closing);
            setter.setConfig("staying", staying, Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, BOUND));

            assertThat(staying.writeBufferManager()).isSameAs(closing.writeBufferManager());
            assertThat(staying.writeBufferManager().isOwningHandle()).isTrue();
        }
    }

    @Test
    void shouldNameTheBoundWhenItIsMissingOrNotANumber() {
        try (Options options = streamsDefaults()) {
            assertThatThrownBy(() -> setter.setConfig("sensor-state", options, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG);
            assertThatThrownBy(() -> setter.setConfig("sensor-state", options,
                    Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, "lots")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG)
                    .hasMessageContaining("lots");
        }
    }

    /** As Kafka Streams hands the options over: a block-based table config already set. */
    private static Options streamsDefaults() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
