package dev.vigil.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The heap a soak judges for leaks: what is in use right after a full collection, taken at the soak's start and then
 * once every {@link #COLLECTIONS_PER_SOAK}th of it.
 *
 * <p>Why not the heap left by the latest collection, which costs nothing: under G1 almost every collection is a young
 * one, which leaves the old generation's garbage where it is until a concurrent cycle marks it, and with a fixed 2 GB
 * heap that cycle waits for the old generation to fill 45% of the heap. So the heap after the latest collection climbs
 * by about 5 MB a minute in every soak and drops only when a cycle finally runs (decision 0027): the curve measured
 * G1's timetable, not a leak. A full collection every few minutes is a pause of about 0.1 s on this heap, once per
 * period; the soak marks each as an event, so the window whose p99 it raises is named on the plot.
 *
 * <p>The collection is the one a {@link HeapHistogram class histogram} runs before it counts, so each measurement also
 * says what the live heap holds, class by class: the histogram of the warm-up's last measurement against the latest
 * one names what grew after the warm-up, where the curve alone only says that something did.
 */
final class LiveHeap {

    /** A full collection every twelfth of the soak: five minutes in an hour, twelve points on the curve. */
    static final int COLLECTIONS_PER_SOAK = 12;
    private static final Duration SHORTEST_PERIOD = Duration.ofSeconds(30);

    private final long startMillis;
    private final long periodMillis;
    private final long warmupEndMillis;
    private long nextDueMillis;
    private long bytes = -1;
    private HeapHistogram warmupLast = new HeapHistogram(Map.of());
    private HeapHistogram latest = warmupLast;

    /** The period for a soak of {@code length}: a twelfth of it, at least 30 s. */
    static Duration period(Duration length) {
        Duration twelfth = length.dividedBy(COLLECTIONS_PER_SOAK);
        return twelfth.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD : twelfth;
    }

    /** Collects at the middle of each period. */
    LiveHeap(long startMillis, Duration period, Duration warmup) {
        this(startMillis, period, warmup, period.toMillis() / 2);
    }

    /**
     * @param warmup the soak's warm-up, whose last measurement the growth is counted from
     * @param offsetMillis how far into each period to collect ({@link #offsetAwayFrom})
     */
    LiveHeap(long startMillis, Duration period, Duration warmup, long offsetMillis) {
        this.startMillis = startMillis;
        this.periodMillis = period.toMillis();
        this.warmupEndMillis = startMillis + warmup.toMillis();
        this.nextDueMillis = startMillis + Math.floorMod(offsetMillis, periodMillis);
    }

    /**
     * How far into each period to collect so that the pause falls as far as it can from both the bench's swaps, at the
     * periods' ends, and the trainer's runs, {@code trainerPhaseMillis} into each period (a retrain every period; its
     * clock starts with the application, before the priming, so the priming's length sets the phase): the middle of
     * the longer stretch between the two. In soak run 17, collecting at the periods' middles, every retrain began
     * within a second of a collection, and those windows held the hour's worst p99s (docs/BENCHMARKS.md).
     */
    static long offsetAwayFrom(long trainerPhaseMillis, long periodMillis) {
        long phase = Math.floorMod(trainerPhaseMillis, periodMillis);
        return phase >= periodMillis - phase ? phase / 2 : (phase + periodMillis) / 2;
    }

    /** Measures now, at the soak's start: the soak calls it once before its load starts. */
    long measure() {
        return measureAt(startMillis);
    }

    /**
     * A full collection and the class histogram after it: the bytes of the objects it counted live. Not the heap in
     * use once the histogram is back, which also holds what every thread allocated while it was counted and
     * formatted: in soak run 17 that read 248–302 MB at collections whose histograms differed by under a megabyte
     * (docs/BENCHMARKS.md). Where the JVM has no histogram to give, a plain {@code System.gc()} stands in (under
     * {@code -XX:+DisableExplicitGC} that one does not run, and the figure is the heap in use, garbage and all).
     */
    private long measureAt(long nowMillis) {
        HeapHistogram histogram = HeapHistogram.take();
        bytes = histogram.isEmpty() ? Footprint.heapAfterGc() : histogram.liveBytes();
        latest = histogram;
        if (nowMillis <= warmupEndMillis) {
            warmupLast = histogram;
        }
        return bytes;
    }

    /** Measures when the period's collection is due; true when it did. */
    boolean measureIfDue(long nowMillis) {
        if (nowMillis < nextDueMillis) {
            return false;
        }
        measureAt(nowMillis);
        while (nextDueMillis <= nowMillis) {
            // a reader loop held up past several due times measured once, now; the next is the first one after now
            nextDueMillis += periodMillis;
        }
        return true;
    }

    /** The heap in use after the latest measurement; -1 before the first. */
    long bytes() {
        return bytes;
    }

    /**
     * The {@code top} classes whose live bytes grew most from the warm-up's last measurement to the latest one; empty
     * before a measurement after the warm-up, or where the JVM gave no histograms.
     */
    List<HeapHistogram.Growth> growthAfterWarmup(int top) {
        if (warmupLast.isEmpty() || latest == warmupLast) {
            return List.of();
        }
        return latest.growthSince(warmupLast, top);
    }
}
