package dev.vigil.stats;

/**
 * Running mean and variance with a bounded memory: an exact average over the first {@code memory} values,
 * then exponentially weighted with weight {@code 1/memory}, so old history fades. Immutable and constant-size,
 * which keeps per-key state small however long a key lives.
 */
public record RunningMoments(double mean, double variance, long count) {

    public static final RunningMoments EMPTY = new RunningMoments(0.0, 0.0, 0);

    public RunningMoments update(double value, int memory) {
        long n = count + 1;
        double alpha = Math.max(1.0 / n, 1.0 / memory);
        double delta = value - mean;
        return new RunningMoments(mean + alpha * delta, (1 - alpha) * (variance + alpha * delta * delta), n);
    }

    public double std() {
        return Math.sqrt(variance);
    }
}
