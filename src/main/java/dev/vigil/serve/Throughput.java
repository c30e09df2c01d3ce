package dev.vigil.serve;

import java.util.function.DoubleSupplier;

/** The rate of a growing count (readings scored), measured between calls at least a second apart. */
final class Throughput {

    private static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    private final DoubleSupplier count;
    private double lastCount;
    private long lastNanos;
    private double perSecond;

    Throughput(DoubleSupplier count) {
        this.count = count;
        this.lastCount = count.getAsDouble();
        this.lastNanos = System.nanoTime();
    }

    synchronized double perSecond() {
        long now = System.nanoTime();
        if (now - lastNanos >= MIN_WINDOW_NANOS) {
            double current = count.getAsDouble();
            perSecond = (current - lastCount) * 1e9 / (now - lastNanos);
            lastCount = current;
            lastNanos = now;
        }
        return perSecond;
    }

    double total() {
        return count.getAsDouble();
    }
}
