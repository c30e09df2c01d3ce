package dev.vigil.bench;

import java.time.Duration;

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
 */
final class LiveHeap {

    /** A full collection every twelfth of the soak: five minutes in an hour, twelve points on the curve. */
    static final int COLLECTIONS_PER_SOAK = 12;
    private static final Duration SHORTEST_PERIOD = Duration.ofSeconds(30);

    private final long periodMillis;
    private long nextDueMillis;
    private long bytes = -1;

    /** The period for a soak of {@code length}: a twelfth of it, at least 30 s. */
    static Duration period(Duration length) {
        Duration twelfth = length.dividedBy(COLLECTIONS_PER_SOAK);
        return twelfth.compareTo(SHORTEST_PERIOD) < 0 ? SHORTEST_PERIOD : twelfth;
    }

    LiveHeap(long startMillis, Duration period) {
        this.periodMillis = period.toMillis();
        this.nextDueMillis = startMillis + periodMillis / 2;
    }

    /**
     * Measures now: a full collection, then the heap in use. The soak calls it once before its load starts. Under
     * {@code -XX:+DisableExplicitGC} no collection runs and the figure is the heap in use, garbage and all.
     */
    long measure() {
        bytes = Footprint.heapAfterGc();
        return bytes;
    }

    /**
     * Measures when a period's midpoint has passed (the trainer's runs and the bench's swaps fall near its ends, so the
     * pause does not land on theirs); true when it did.
     */
    boolean measureIfDue(long nowMillis) {
        if (nowMillis < nextDueMillis) {
            return false;
        }
        measure();
        while (nextDueMillis <= nowMillis) {
            // a reader loop held up past several midpoints measured once, now; the next is the first midpoint after now
            nextDueMillis += periodMillis;
        }
        return true;
    }

    /** The heap in use after the latest measurement; -1 before the first. */
    long bytes() {
        return bytes;
    }
}
