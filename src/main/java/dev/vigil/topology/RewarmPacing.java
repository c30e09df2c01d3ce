package dev.vigil.topology;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Spreads over time the re-warm that a model swap asks of every key (docs/decisions/0019-paced-rewarm.md). A key's
 * first reading on a new version replays its recent window through the new network: 65 steps instead of one. Done
 * for every key at once, 10,000 keys stalled the stream thread for seconds and the latency of every reading behind
 * them rose with it.
 *
 * <p>A token bucket of the stream thread's time: it fills at {@code share} of the wall-clock time and each re-warm
 * spends what it took. While it is empty, a key still on the previous version is scored by the previous model (its
 * state is that model's, so nothing is mixed) and re-warms on a later reading. The bucket holds at most the share of
 * {@link #BURST_NANOS}, so that a thread that was idle does not then re-warm thousands of keys in a row.
 *
 * <p>The share is of a stream thread's time, so a thread has one bucket for all its tasks ({@link #perThread}). A
 * bucket per task (per processor) gave a thread of six tasks six shares: after a swap, re-warms took 46% of the
 * stream thread at the default 0.05 (decision 0019's addendum).
 */
final class RewarmPacing {

    /** Wall-clock time whose share the bucket can bank: 100 ms, a burst of 5 ms of re-warms at the default 0.05. */
    static final long BURST_NANOS = 100_000_000L;

    private final double share;
    private final double ceiling;
    private final LongSupplier nanoClock;
    private double credit;
    private long refilled;

    /** On the wall clock, with the {@link #BURST_NANOS} burst. */
    RewarmPacing(double share) {
        this(share, BURST_NANOS, System::nanoTime);
    }

    /**
     * @param share      the share of the thread's time re-warms may take on average; 1 re-warms every key at once
     * @param burstNanos the wall-clock time whose share the bucket can bank
     * @param nanoClock  a monotonic clock in nanoseconds
     */
    RewarmPacing(double share, long burstNanos, LongSupplier nanoClock) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], not " + share);
        }
        this.share = share;
        this.ceiling = share * burstNanos;
        this.nanoClock = nanoClock;
        this.refilled = nanoClock.getAsLong();
        this.credit = ceiling;
    }

    /**
     * The bucket of the calling thread, one per thread that asks: the processors of every task a stream thread runs
     * draw on the same one, whichever tasks it holds after a rebalance.
     */
    static Supplier<RewarmPacing> perThread(double share) {
        ThreadLocal<RewarmPacing> buckets = ThreadLocal.withInitial(() -> new RewarmPacing(share));
        return buckets::get;
    }

    /** Whether a key may re-warm now. */
    boolean mayRewarm() {
        if (share >= 1) {
            return true;
        }
        long now = nanoClock.getAsLong();
        credit = Math.min(ceiling, credit + share * (now - refilled));
        refilled = now;
        return credit > 0;
    }

    /** A re-warm took {@code nanos} of the thread's time. */
    void spent(long nanos) {
        credit -= nanos;
    }
}
