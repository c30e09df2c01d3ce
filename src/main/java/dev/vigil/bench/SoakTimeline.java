package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A soak sampled every few seconds: what the process holds (heap after the last full GC, resident memory, RocksDB's
 * block cache, open files) beside what it delivers in the same window (p50/p99/max latency, readings/s offered and
 * scored, the live model version, the backlog). The backlog tells a leak from an overload: a soak offered more than it
 * scores grows its latency and its buffers whatever the code does. A leak shows as a curve that keeps rising after the first minutes; a per-second timeline
 * ({@link LatencyTimeline}) over an hour would be 3,600 points of mostly noise.
 *
 * <p>Fed from the reader's loop alone (one thread), as {@link LatencyTimeline} is, so it needs no locking. The
 * latencies of a window are kept in a growing primitive array, not a list of boxed longs: a soak reads tens of
 * thousands of outputs a second, and the bench's own garbage would be part of the heap it measures.
 */
public final class SoakTimeline {

    /** What the process holds now; a figure a platform cannot give is -1. */
    public interface Gauges {
        /** The heap in use after the soak's latest full collection ({@link LiveHeap}): its live objects. */
        long heapAfterGcBytes();

        long residentBytes();

        double blockCacheBytes();

        /** Open files of the process, the embedded broker's log segments left out (see {@link #brokerFiles}). */
        long openFiles();

        /** Open files under the embedded broker's log directory: the harness's, not Vigil's; 0 on a real cluster. */
        long brokerFiles();

        /**
         * The stream threads' mean and longest commit over the metrics' last window, in ms (NaN before any): on the
         * exactly-once path a reading's output is visible only once its transaction commits, so a latency that
         * grows while the work per reading does not points here first.
         */
        double commitAvgMillis();

        double commitMaxMillis();
    }

    /** One window, stamped with the seconds from the soak's start to the window's end. */
    public record Sample(int index, double secondsIn, long heapAfterGcBytes, long residentBytes,
                         double blockCacheBytes, long openFiles, long brokerFiles, int outputs,
                         double offeredPerSecond, double readingsPerSecond, double p50Millis, double p99Millis,
                         double maxMillis, long modelVersion, long backlog, double commitAvgMillis,
                         double commitMaxMillis) {
    }

    private final long startMillis;
    private final long everyMillis;
    private final Gauges gauges;
    private final List<Sample> samples = new ArrayList<>();
    private final List<LatencyTimeline.Event> events = new ArrayList<>();
    private long[] window = new long[1 << 16];
    private int inWindow;
    private long windowStart;
    private long sentBefore;

    public SoakTimeline(long startMillis, long everyMillis, Gauges gauges) {
        if (everyMillis <= 0) {
            throw new IllegalArgumentException("the sampling interval must be positive: " + everyMillis);
        }
        this.startMillis = startMillis;
        this.everyMillis = everyMillis;
        this.gauges = gauges;
        this.windowStart = startMillis;
    }

    /** An output read at {@code readMillis}, {@code latencyMillis} after its reading was sent. */
    public void add(long readMillis, long latencyMillis) {
        if (readMillis < startMillis) {
            return;
        }
        if (inWindow == window.length) {
            window = Arrays.copyOf(window, window.length * 2);
        }
        window[inWindow++] = latencyMillis;
    }

    public void event(long epochMillis, String what) {
        events.add(new LatencyTimeline.Event((epochMillis - startMillis) / 1000.0, epochMillis, what));
    }

    /**
     * Called often from the reader's loop: once a window has ended, takes the gauges and closes it. The rate is over
     * the time the window really lasted, so a late tick (a long poll, a GC pause) does not inflate it. Returns the
     * sample of the window it closed, if it closed one. {@code sent} and {@code received} count readings offered and
     * outputs read since the start: their difference is the backlog.
     */
    public Optional<Sample> tick(long nowMillis, long modelVersion, long sent, long received) {
        long due = windowStart + everyMillis;
        if (nowMillis < due) {
            return Optional.empty();
        }
        long[] sorted = Arrays.copyOf(window, inWindow);
        Arrays.sort(sorted);
        double seconds = (nowMillis - windowStart) / 1000.0;
        samples.add(new Sample(samples.size(), (nowMillis - startMillis) / 1000.0, gauges.heapAfterGcBytes(),
                gauges.residentBytes(), gauges.blockCacheBytes(), gauges.openFiles(), gauges.brokerFiles(),
                sorted.length, (sent - sentBefore) / seconds, sorted.length / seconds,
                EndToEndBench.percentile(sorted, 0.50), EndToEndBench.percentile(sorted, 0.99),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], modelVersion, sent - received,
                gauges.commitAvgMillis(), gauges.commitMaxMillis()));
        inWindow = 0;
        windowStart = nowMillis;
        sentBefore = sent;
        return Optional.of(samples.get(samples.size() - 1));
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    public List<LatencyTimeline.Event> events() {
        return List.copyOf(events);
    }

    /** Writes {@code soak.csv}, {@code soak-events.csv} and {@code soak.png}; returns the PNG. */
    public Path write(Path directory, double warmupSeconds) {
        StringBuilder csv = new StringBuilder("sample,seconds_in,heap_after_gc_bytes,resident_bytes,"
                + "block_cache_bytes,open_files,broker_files,outputs,offered_per_s,readings_per_s,p50_ms,p99_ms,max_ms,"
                + "model_version,backlog,commit_avg_ms,commit_max_ms\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT,
                    "%d,%.1f,%d,%d,%.0f,%d,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f,%d,%d,%.1f,%.1f%n",
                    s.index(), s.secondsIn(), s.heapAfterGcBytes(), s.residentBytes(), s.blockCacheBytes(),
                    s.openFiles(), s.brokerFiles(), s.outputs(), s.offeredPerSecond(), s.readingsPerSecond(),
                    s.p50Millis(), s.p99Millis(), s.maxMillis(), s.modelVersion(), s.backlog(), s.commitAvgMillis(),
                    s.commitMaxMillis()));
        }
        StringBuilder eventCsv = new StringBuilder("seconds_in,epoch_ms,event\n");
        for (LatencyTimeline.Event e : events) {
            eventCsv.append(String.format(Locale.ROOT, "%.1f,%d,%s%n", e.secondsIn(), e.epochMillis(),
                    e.what().replace(',', ';')));
        }
        Path png = directory.resolve("soak.png");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("soak.csv"), csv);
            Files.writeString(directory.resolve("soak-events.csv"), eventCsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soak's samples to " + directory, e);
        }
        SoakPlot.write(this, warmupSeconds, png);
        return png;
    }
}
