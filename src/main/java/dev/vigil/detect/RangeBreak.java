package dev.vigil.detect;

/**
 * A value outside everything the key has shown so far, by more than a share of that range (the "spatial
 * anomaly" of Numenta's detector): a spike, a dropout or a level shift past the key's extremes is an anomaly
 * whatever the forecast error says, and it is caught on its first reading. Immutable.
 *
 * @param min   lowest value seen
 * @param max   highest value seen
 * @param count values seen
 */
public record RangeBreak(double min, double max, long count) {

    public static final RangeBreak NONE = new RangeBreak(0.0, 0.0, 0);

    /** Whether {@code value} falls outside the range widened by {@code tolerance} times its width. */
    public boolean breaks(double value, double tolerance) {
        if (count == 0 || max <= min) {
            return false;
        }
        double margin = (max - min) * tolerance;
        return value > max + margin || value < min - margin;
    }

    public RangeBreak next(double value) {
        return count == 0 ? new RangeBreak(value, value, 1)
                : new RangeBreak(Math.min(min, value), Math.max(max, value), count + 1);
    }
}
