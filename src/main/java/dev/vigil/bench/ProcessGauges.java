package dev.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import org.apache.kafka.streams.KafkaStreams;

/**
 * The soak's gauges, read from this process: the embedded broker, the load generator and the reader share it, so
 * their memory and files count too (as in {@link Footprint}); the soak bounds its topics' retention so that the
 * broker's share stays level.
 *
 * <p>The heap is the one left after the most recent collection, taken from that collection's own record rather than
 * by forcing one: a {@code System.gc()} every few seconds would pause the stream thread and show up in the very
 * latency the soak measures.
 */
final class ProcessGauges implements SoakTimeline.Gauges {

    private static final Path OPEN_FILES = Path.of("/proc/self/fd");

    private final KafkaStreams streams;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    ProcessGauges(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public long heapAfterGcBytes() {
        GcInfo last = null;
        for (java.lang.management.GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof GarbageCollectorMXBean collector) {
                GcInfo info = collector.getLastGcInfo();
                if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                    last = info;
                }
            }
        }
        if (last == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : last.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    @Override
    public long residentBytes() {
        return Footprint.residentNow();
    }

    @Override
    public double blockCacheBytes() {
        return Footprint.rocksDbMetric(streams, "block-cache-usage", true);
    }

    /** Entries of /proc/self/fd: files, sockets and pipes alike, all of which a leak could hold; -1 off Linux. */
    @Override
    public long openFiles() {
        if (!Files.isDirectory(OPEN_FILES)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(OPEN_FILES)) {
            return files.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
