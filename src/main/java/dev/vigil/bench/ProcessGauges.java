package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.Optional;

import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The soak's gauges, read from this process: the embedded broker, the load generator and the reader share it, so
 * their memory and files count too (as in {@link Footprint}); the soak bounds its topics' retention so that the
 * broker's share stays level.
 *
 * <p>The heap is the one left by the soak's latest full collection ({@link LiveHeap}), not by the latest collection of
 * any kind: after a young one it still holds the old generation's garbage.
 */
final class ProcessGauges implements SoakTimeline.Gauges {

    private static final Path OPEN_FILES = Path.of("/proc/self/fd");

    private final KafkaStreams streams;
    private final LiveHeap liveHeap;
    private final Optional<Path> brokerLogDir;

    ProcessGauges(KafkaStreams streams, LiveHeap liveHeap, Optional<Path> brokerLogDir) {
        this.streams = streams;
        this.liveHeap = liveHeap;
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
        return liveHeap.bytes();
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
