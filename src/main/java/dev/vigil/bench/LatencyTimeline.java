package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * One latency pass second by second: p50/p99/max of the outputs read in each second, with what else the process
 * did in that second (GC time, JIT compilation time, CPU of the stream threads, of the trainer and of the whole
 * process, the live model version), and the events of the pass (a model published, a model live). A single p99 over a
 * pass says there is a tail; this says when it happens and what it lines up with.
 *
 * <p>Fed from the reader's loop (one thread), but for {@link #acked}, which the publisher's producer calls. CPU and
 * GC figures come from the JVM's own management beans: the bench, the broker and the streams share one process, so
 * they are all in view.
 */
public final class LatencyTimeline {

    /** What the process did in one second; the CPU of a thread group in milliseconds. */
    public record Second(int index, long startEpochMillis, int samples, double p50Millis, double p99Millis,
                         double maxMillis, long gcMillis, long jitMillis, long streamCpuMillis,
                         long trainerCpuMillis, long processCpuMillis, long modelVersion, double ackMaxMillis) {
    }

    public record Event(double secondsIn, long epochMillis, String what) {
    }

    private final String variant;
    private final long startMillis;
    private final Map<Integer, List<Long>> latencies = new HashMap<>();
    private final List<long[]> usage = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    /** By the second a reading was sent in: the longest its send took to be acknowledged (the producer's thread). */
    private final Map<Integer, LongAccumulator> ackMax = new ConcurrentHashMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long lastGc;
    private long lastJit;
    private long lastStreamCpu;
    private long lastTrainerCpu;
    private long lastProcessCpu;
    private int sampledUpTo;

    public LatencyTimeline(String variant, long startMillis) {
        this.variant = variant;
        this.startMillis = startMillis;
        rebase();
    }

    private void rebase() {
        lastGc = gcMillis();
        lastJit = jitMillis();
        long[] cpu = cpuMillis();
        lastStreamCpu = cpu[0];
        lastTrainerCpu = cpu[1];
        lastProcessCpu = processCpuMillis();
    }

    public String variant() {
        return variant;
    }

    /** An output read at {@code readMillis}, {@code latencyMillis} after its reading was sent. */
    public void add(long readMillis, long latencyMillis) {
        if (readMillis >= startMillis) {
            latencies.computeIfAbsent(index(readMillis), second -> new ArrayList<>()).add(latencyMillis);
        }
    }

    /**
     * A reading sent at {@code sentMillis} was acknowledged by the broker at {@code ackedMillis}. The one method
     * called from another thread (the publisher's producer): it splits a slow second's latency into the part before
     * the readings were on the broker and the part after, when the streams fetched, scored and committed them.
     */
    public void acked(long sentMillis, long ackedMillis) {
        if (sentMillis >= startMillis) {
            ackMax.computeIfAbsent(index(sentMillis), second -> new LongAccumulator(Math::max, 0))
                    .accumulate(ackedMillis - sentMillis);
        }
    }

    public void event(long epochMillis, String what) {
        events.add(new Event((epochMillis - startMillis) / 1000.0, epochMillis, what));
    }

    /** Called often from the reader's loop: once a second has ended, records what the process did in it. */
    public void tick(long nowMillis, long modelVersion) {
        if (nowMillis < startMillis) {
            // the lead-in's CPU, GC and compilation belong to no measured second: start counting afresh
            rebase();
            return;
        }
        int current = index(nowMillis);
        if (current <= sampledUpTo) {
            return;
        }
        long gc = gcMillis();
        long jit = jitMillis();
        long[] cpu = cpuMillis();
        long process = processCpuMillis();
        // what happened since the last tick is put in the second that just ended
        usage.add(new long[] {sampledUpTo, gc - lastGc, jit - lastJit, cpu[0] - lastStreamCpu,
                cpu[1] - lastTrainerCpu, process - lastProcessCpu, modelVersion});
        lastGc = gc;
        lastJit = jit;
        lastStreamCpu = cpu[0];
        lastTrainerCpu = cpu[1];
        lastProcessCpu = process;
        sampledUpTo = current;
    }

    public List<Second> seconds() {
        Map<Integer, long[]> byIndex = new HashMap<>();
        usage.forEach(row -> byIndex.put((int) row[0], row));
        int last = Math.max(latencies.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1),
                sampledUpTo - 1);
        List<Second> seconds = new ArrayList<>();
        for (int second = 0; second <= last; second++) {
            long[] sorted = latencies.getOrDefault(second, List.of()).stream().mapToLong(Long::longValue).sorted()
                    .toArray();
            long[] row = byIndex.getOrDefault(second, new long[] {second, -1, -1, -1, -1, -1, -1});
            seconds.add(new Second(second, startMillis + second * 1000L, sorted.length,
                    EndToEndBench.percentile(sorted, 0.50), EndToEndBench.percentile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], row[1], row[2], row[3], row[4],
                    row[5], row[6],
                    Optional.ofNullable(ackMax.get(second)).map(max -> (double) max.get()).orElse(Double.NaN)));
        }
        return seconds;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Writes {@code latency.csv} and {@code events.csv} of every timeline, and {@code latency.png}; returns the PNG. */
    public static Path write(List<LatencyTimeline> timelines, Path directory) {
        StringBuilder csv = new StringBuilder("variant,second,start_epoch_ms,samples,p50_ms,p99_ms,max_ms,gc_ms,"
                + "jit_ms,stream_cpu_ms,trainer_cpu_ms,process_cpu_ms,model_version,ack_max_ms\n");
        StringBuilder eventCsv = new StringBuilder("variant,seconds_in,epoch_ms,event\n");
        for (LatencyTimeline timeline : timelines) {
            for (Second s : timeline.seconds()) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.0f,%.0f,%.0f,%d,%d,%d,%d,%d,%d,%.0f%n",
                        timeline.variant, s.index(), s.startEpochMillis(), s.samples(), s.p50Millis(), s.p99Millis(),
                        s.maxMillis(), s.gcMillis(), s.jitMillis(), s.streamCpuMillis(), s.trainerCpuMillis(),
                        s.processCpuMillis(), s.modelVersion(), s.ackMaxMillis()));
            }
            for (Event e : timeline.events) {
                eventCsv.append(String.format(Locale.ROOT, "%s,%.1f,%d,%s%n", timeline.variant, e.secondsIn(),
                        e.epochMillis(), e.what().replace(',', ';')));
            }
        }
        Path png = directory.resolve("latency.png");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("latency.csv"), csv);
            Files.writeString(directory.resolve("events.csv"), eventCsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency timeline to " + directory, e);
        }
        TimelinePlot.write(timelines, png);
        return png;
    }

    private int index(long millis) {
        return (int) ((millis - startMillis) / 1000);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /**
     * Milliseconds the JIT has spent compiling so far, 0 where the JVM does not count it. Its compiler threads take
     * their CPU from the same two cores as the stream thread: a second in which they compile hundreds of milliseconds
     * is a second in which the stream thread can fall behind.
     */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * The cores the whole process used on average over the seconds it recorded: the broker, the load generator and the
     * reader share it with the streams, so this is how full the bench kept the machine (NaN before the first second).
     */
    public double meanProcessCores() {
        return usage.stream().mapToLong(row -> row[5]).average().orElse(Double.NaN) / 1000.0;
    }

    /** CPU milliseconds so far of the whole process (0 where the JVM does not count it). */
    private static long processCpuMillis() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime()) / 1_000_000;
        }
        return 0;
    }

    /** CPU milliseconds so far of the stream threads (the global one, which loads a new model, included) and of
     * the trainer thread; both live as long as the pass. */
    private long[] cpuMillis() {
        long stream = 0;
        long trainer = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            String name = infos[i].getThreadName();
            boolean isStream = name.contains("StreamThread");
            boolean isTrainer = name.startsWith("vigil-trainer");
            if (isStream || isTrainer) {
                long nanos = Math.max(0, threads.getThreadCpuTime(ids[i]));
                if (isStream) {
                    stream += nanos;
                } else {
                    trainer += nanos;
                }
            }
        }
        return new long[] {stream / 1_000_000, trainer / 1_000_000};
    }
}
