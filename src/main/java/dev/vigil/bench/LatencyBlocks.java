package dev.vigil.bench;

import java.time.Duration;

/**
 * The soak's latency in blocks as long as its warm-up (ten minutes of an hour), each block's p99 taken over every
 * output read in it: the p99 curve that the soak's verdict judges (decision 0043).
 *
 * <p>Why not the ten-second windows of {@link SoakTimeline}: their p99 says in which window a periodic event fell (the
 * broker's once-a-minute segment rolls, the soak's own full collections, a swap, a retrain), and the verdict compares
 * the warm-up's highest window with the highest of five times as many after it, so a curve with no trend at all
 * fails about five times in six. A block holds the same number of each of those events as the warm-up does (the soak
 * schedules its swaps a sixth apart and its retrains a twelfth apart), so a block's p99 does not hang on where an event
 * falls against a window's edge. It still spreads: 120–134 ms over the six blocks of an hour with no trend (soak run
 * 40, decision 0043's addendum).
 *
 * <p>Counts per millisecond, not the latencies themselves: a block of ten minutes at 20,000 readings/s is twelve
 * million latencies. The counts of every block are allocated up front, before the soak's live heap is first
 * measured, so that they are not part of its growth. A latency of {@link #MAX_MILLIS} or more is counted as that
 * much (a soak whose p99 reaches ten seconds is measuring an overload, not a trend). Fed from the reader's loop alone.
 */
public final class LatencyBlocks {

    /** The highest latency counted at its own value, in milliseconds. */
    static final int MAX_MILLIS = 10_000;

    private final long startMillis;
    private final long blockMillis;
    private final int[][] counts;
    private final long[] totals;

    /** Blocks of {@code block} from {@code startMillis}, as many as {@code length} holds (the last one may be short). */
    public LatencyBlocks(long startMillis, Duration block, Duration length) {
        if (block.isZero() || block.isNegative()) {
            throw new IllegalArgumentException("the block must be positive: " + block);
        }
        this.startMillis = startMillis;
        this.blockMillis = block.toMillis();
        int blocks = (int) Math.max(1, (length.toMillis() + blockMillis - 1) / blockMillis);
        this.counts = new int[blocks][MAX_MILLIS + 1];
        this.totals = new long[blocks];
    }

    /**
     * An output read at {@code readMillis}, {@code latencyMillis} after its reading was sent. One read before the
     * start is left out; one after the last block's end (the soak's loop ends on its first poll past the length)
     * counts in the last block.
     */
    public void add(long readMillis, long latencyMillis) {
        if (readMillis < startMillis) {
            return;
        }
        int block = (int) Math.min(counts.length - 1, (readMillis - startMillis) / blockMillis);
        int bucket = (int) Math.max(0, Math.min(MAX_MILLIS, latencyMillis));
        counts[block][bucket]++;
        totals[block]++;
    }

    /** Each block's p99 in milliseconds, in time order; NaN for a block without outputs. */
    public double[] p99s() {
        double[] p99s = new double[counts.length];
        for (int block = 0; block < counts.length; block++) {
            p99s[block] = percentile(counts[block], totals[block], 0.99);
        }
        return p99s;
    }

    /** The same rank as {@link EndToEndBench#percentile}: the ceil(q·n)-th smallest latency. */
    private static double percentile(int[] counts, long total, double quantile) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int millis = 0; millis < counts.length; millis++) {
            seen += counts[millis];
            if (seen >= rank) {
                return millis;
            }
        }
        throw new IllegalStateException("counted " + seen + " latencies of " + total);
    }
}
