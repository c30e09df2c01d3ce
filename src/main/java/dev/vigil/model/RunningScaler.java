package dev.vigil.model;

import dev.vigil.avro.ScalerState;
import dev.vigil.stats.RunningMoments;

/**
 * A key's own running mean and scale, so sensors in any unit share one network. The moments have a bounded
 * memory, so the scale follows slow level changes. Immutable.
 */
public record RunningScaler(RunningMoments moments) {

    /** Inputs beyond this many scales are clipped: one wild value must not wreck the hidden state. */
    public static final double CLIP = 8.0;

    public static final RunningScaler EMPTY = new RunningScaler(RunningMoments.EMPTY);

    public static RunningScaler from(ScalerState stored) {
        return new RunningScaler(new RunningMoments(stored.getMean(), stored.getVar(), stored.getCount()));
    }

    public ScalerState toAvro() {
        return new ScalerState(moments.mean(), moments.variance(), moments.count());
    }

    public RunningScaler update(double value, int memory) {
        return new RunningScaler(moments.update(value, memory));
    }

    /** Never zero: a flat series still has a unit (a small fraction of its level, or an absolute floor). */
    public double scale() {
        double floor = Math.max(1e-6, 1e-3 * Math.abs(moments.mean()));
        return Math.max(moments.std(), floor);
    }

    public float toScaled(double value) {
        double z = (value - moments.mean()) / scale();
        return (float) Math.max(-CLIP, Math.min(CLIP, z));
    }

    public double fromScaled(double scaled) {
        return moments.mean() + scaled * scale();
    }
}
