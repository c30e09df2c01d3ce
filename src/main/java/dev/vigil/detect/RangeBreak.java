package dev.vigil.detect;

import dev.vigil.avro.RangeState;

/**
 * A value outside everything the key has shown so far, by more than the key's noise (the "spatial anomaly" of
 * Numenta's detector): a spike, a dropout or a level shift past the key's extremes is an anomaly
 * whatever the forecast error says, and it is caught on its first reading. A range only counts once it has
 * held for a while: a young key (say, in the first day of its daily cycle) sets new extremes all the time,
 * and none of them is news. Immutable; its stored form is {@link RangeState}.
 *
 * @param min       lowest value seen
 * @param max       highest value seen
 * @param count     values seen
 * @param heldSteps readings since the last new extreme
 */
public record RangeBreak(double min, double max, long count, long heldSteps) {

    public static final RangeBreak NONE = new RangeBreak(0.0, 0.0, 0, 0);

    public static RangeBreak from(RangeState stored) {
        return new RangeBreak(stored.getMin(), stored.getMax(), stored.getCount(), stored.getHeldSteps());
    }

    public RangeState toAvro() {
        return new RangeState(min, max, count, heldSteps);
    }

    /** The score of {@code value}: 1 when it {@link #breaks} the range (certain news), else 0. */
    public double surprise(double value, double noise, int matureSteps) {
        return breaks(value, noise, matureSteps) ? 1.0 : 0.0;
    }

    /**
     * Whether {@code value} falls outside the range widened by {@code noise} (raw units), the range having held
     * for at least {@code matureSteps} readings.
     *
     * <p>Why a margin of the key's noise rather than a share of its range (2% before decision 0009): a share of
     * the width is too thin for a key whose noise is large against its range (a daily cycle of amplitude 10 with
     * noise 0.5): its second cycle's peak passes the first one's by noise alone, and the demo's fleet raised 54
     * false episodes that way once its sensors were a day old. On the NAB pack the noise margin was the larger
     * of the two on every reading that mattered: dropping the share changed no output.
     */
    public boolean breaks(double value, double noise, int matureSteps) {
        if (count == 0 || max <= min || heldSteps < matureSteps) {
            return false;
        }
        return value > max + noise || value < min - noise;
    }

    /** Whether {@code value} is at or below the lowest value seen: the key's floor (false before any value). */
    public boolean atFloor(double value) {
        return count > 0 && value <= min;
    }

    public RangeBreak next(double value) {
        if (count == 0) {
            return new RangeBreak(value, value, 1, 0);
        }
        boolean extreme = value < min || value > max;
        return new RangeBreak(Math.min(min, value), Math.max(max, value), count + 1, extreme ? 0 : heldSteps + 1);
    }
}
