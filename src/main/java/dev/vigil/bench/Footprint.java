package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What one instance holds for the sensors of a throughput pass, and how long it takes to get it back: the figures
 * of issue 13's million-sensor run (docs/CAPACITY.md is derived from them).
 *
 * @param keys             distinct sensors of the pass
 * @param readings         readings of the pass (each wrote one changelog record: the store has no cache)
 * @param residentBytes    the process's resident memory when the pass had drained (the embedded broker, the load
 *                         generator and the reader share this process; -1 where /proc is absent)
 * @param heapAfterGcBytes the heap in use after a full collection, at the same moment
 * @param heapCommittedBytes the heap the JVM holds from the system then (resident or not): what the collector has
 *                         grown it to, the rest of the resident memory being native (RocksDB, metaspace, threads)
 * @param blockCacheBytes  RocksDB's shared block cache in use, write buffers charged to it included
 * @param memtableBytes    RocksDB's write buffers of all stores
 * @param stateDirBytes    the state directory's files once the application had closed (flushed)
 * @param changelogBytes   the sensor stores' changelogs on the broker, state and day blocks (their log segments,
 *                         not yet compacted)
 * @param restore          the sensor stores' restore onto a wiped state directory, from its first partition's start
 *                         to its last one's end
 * @param untilRestored    from the start of the new instance to the end of that restore: includes joining the
 *                         group, where the closed instance is still a member until its session times out
 * @param restoredRecords  changelog records that restore read
 * @param peakResidentBytes the process's resident high-water mark after the restore (-1 where /proc is absent)
 */
public record Footprint(long keys, long readings, long residentBytes, long heapAfterGcBytes, long heapCommittedBytes,
                        double blockCacheBytes,
                        double memtableBytes, long stateDirBytes, long changelogBytes, Duration restore,
                        Duration untilRestored, long restoredRecords, long peakResidentBytes) {

    /** {@code VmRSS} of /proc/self/status, in bytes; -1 where there is none (not Linux). */
    static long residentNow() {
        return procStatus("VmRSS:");
    }

    /** {@code VmHWM}, the resident high-water mark; -1 where there is none. */
    static long residentHighWaterMark() {
        return procStatus("VmHWM:");
    }

    private static long procStatus(String field) {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith(field))
                    .map(line -> line.substring(field.length()).trim().split("\\s+")[0])
                    .mapToLong(kilobytes -> Long.parseLong(kilobytes) * 1024)
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The heap in use after a full collection: what the live objects take, not what the collector has let grow. */
    static long heapAfterGc() {
        System.gc();
        return heapInUse();
    }

    /** The heap in use now, garbage and all. */
    static long heapInUse() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap the JVM has reserved from the system. */
    static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /** The total size of the files under {@code directory}. */
    static long directoryBytes(Path directory) {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The size of {@code topic}'s partitions on the brokers' disks (every replica counted), as the brokers report it:
     * the same for the embedded broker and a real cluster.
     */
    static long topicBytes(Admin admin, String topic) {
        try {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            Map<Integer, Map<String, LogDirDescription>> byBroker =
                    admin.describeLogDirs(brokers).allDescriptions().get();
            for (Map<String, LogDirDescription> dirs : byBroker.values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica
                            : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the size of " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A RocksDB property metric of Kafka Streams (KIP-607), summed over the stores, or its largest value when the
     * stores share what it measures (the block cache: each store reports the one cache).
     */
    static double rocksDbMetric(KafkaStreams streams, String name, boolean shared) {
        double total = 0;
        double largest = 0;
        for (Metric metric : streams.metrics().values()) {
            if (metric.metricName().name().equals(name) && metric.metricValue() instanceof Number value) {
                total += value.doubleValue();
                largest = Math.max(largest, value.doubleValue());
            }
        }
        return shared ? largest : total;
    }
}
