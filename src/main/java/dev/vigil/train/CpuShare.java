package dev.vigil.train;

import java.util.concurrent.locks.LockSupport;

import dev.vigil.model.ModelFitter;

/**
 * Keeps a live retrain to a share of one core: after a minibatch that took {@code busy}, it pauses
 * {@code busy × (1 − share) / share}, so that busy time is {@code share} of the whole. On a 2-core instance a retrain
 * flat out took a core for seconds while the stream thread scored beside it (docs/decisions/0017-latency-tail.md);
 * paced, it takes longer (at 0.25, four times), which the retrain interval (minutes) can afford and the stream
 * thread's latency cannot. An interrupted trainer (the instance closing) stops pausing, and its fit stops at the
 * next minibatch ({@link ModelFitter}).
 */
public final class CpuShare implements ModelFitter.Pace {

    private final double share;

    public CpuShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a CPU share is in (0, 1], not " + share);
        }
        this.share = share;
    }

    /** The pause after a minibatch that took {@code busyNanos}. */
    public long pauseNanos(long busyNanos) {
        return (long) (Math.max(0, busyNanos) * (1 - share) / share);
    }

    @Override
    public void afterMinibatch(long busyNanos) {
        long until = System.nanoTime() + pauseNanos(busyNanos);
        for (long left = until - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
             left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
