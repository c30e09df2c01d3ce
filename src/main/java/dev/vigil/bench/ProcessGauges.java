package dev.vigil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import org.apache.kafka.common.Metric;
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
    private final Optional<Path> brokerLogDir;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    ProcessGauges(KafkaStreams streams, Optional<Path> brokerLogDir) {
        this.streams = streams;
        this.brokerLogDir = brokerLogDir.map(ProcessGauges::real);
    }

    /** As /proc names the files: with every link in the path resolved. */
    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
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
    public double commitAvgMillis() {
        return threadMetric("commit-latency-avg", false);
    }

    @Override
    public double commitMaxMillis() {
        return threadMetric("commit-latency-max", true);
    }

    /** A stream-thread metric over all threads: the largest where {@code largest}, else the mean; NaN before any. */
    private double threadMetric(String name, boolean largest) {
        DoubleSummaryStatistics threads = streams.metrics().values().stream()
                .filter(metric -> metric.metricName().group().equals("stream-thread-metrics")
                        && metric.metricName().name().equals(name))
                .map(Metric::metricValue)
                .filter(Number.class::isInstance)
                .mapToDouble(value -> ((Number) value).doubleValue())
                .filter(Double::isFinite)
                .summaryStatistics();
        return threads.getCount() == 0 ? Double.NaN : largest ? threads.getMax() : threads.getAverage();
    }

    @Override
    public double blockCacheBytes() {
        return Footprint.rocksDbMetric(streams, "block-cache-usage", true);
    }

    /**
     * Entries of /proc/self/fd (files, sockets and pipes alike, all of which a leak could hold) but the embedded
     * broker's: the soak bounds its topics' retention, yet the broker still holds a file per log segment, rolled every
     * minute and deleted every five, a sawtooth of the harness that would hide a leak of Vigil's own; -1 off Linux.
     */
    @Override
    public long openFiles() {
        long[] counts = countFiles();
        return counts[0] < 0 ? -1 : counts[0] - counts[1];
    }

    @Override
    public long brokerFiles() {
        return countFiles()[1];
    }

    /** All open files, and those under the broker's log directory. */
    private long[] countFiles() {
        if (!Files.isDirectory(OPEN_FILES)) {
            return new long[] {-1, -1};
        }
        long all = 0;
        long broker = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(OPEN_FILES)) {
            for (Path file : files) {
                all++;
                if (brokerLogDir.isPresent() && underBroker(file)) {
                    broker++;
                }
            }
        } catch (IOException e) {
            return new long[] {-1, -1};
        }
        return new long[] {all, broker};
    }

    private boolean underBroker(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).startsWith(brokerLogDir.get());
        } catch (IOException e) {
            // closed between the listing and the read
            return false;
        }
    }
}
