package dev.vigil.model;

import java.time.Duration;
import java.util.Arrays;

/**
 * How many readings a day holds for a sensor, from the intervals between its readings: the lag of the day-ago
 * inputs ({@link NetworkInput}). The median interval, so a gap or a burst among the first readings does not set it.
 */
public final class DailyCycle {

    /** Intervals a sensor's rate is judged from. */
    public static final int INTERVALS = 16;

    /** Fewer readings a day than this is no cycle worth feeding (a daily sensor's day ago is its last value). */
    static final int MIN_ROWS = 4;

    private static final double DAY_MILLIS = 86_400_000.0;

    private DailyCycle() {
    }

    /**
     * Readings per day at the median of {@code intervalsMillis}, or 0 (no cycle) when that is fewer than
     * {@link #MIN_ROWS} or more than {@code maxRows}, or no interval is positive.
     */
    public static int rowsPerDay(long[] intervalsMillis, int maxRows) {
        double median = medianMillis(intervalsMillis);
        return median > 0 ? rowsAt(median, maxRows) : 0;
    }

    /** The median of the positive {@code intervalsMillis}, the key's interval; 0 when none is positive. */
    public static double medianMillis(long[] intervalsMillis) {
        long[] positive = Arrays.stream(intervalsMillis).filter(interval -> interval > 0).sorted().toArray();
        if (positive.length == 0) {
            return 0;
        }
        return positive.length % 2 == 1 ? positive[positive.length / 2]
                : (positive[positive.length / 2 - 1] + positive[positive.length / 2]) / 2.0;
    }

    /** Readings per day at one every {@code interval}, or 0 (no cycle) as {@link #rowsPerDay(long[], int)} says. */
    public static int rowsPerDay(Duration interval, int maxRows) {
        return interval.isNegative() || interval.isZero() ? 0 : rowsAt(interval.toMillis(), maxRows);
    }

    /** The interval (ms) between readings of a key with {@code rowsPerDay} readings a day (at least 1). */
    public static double intervalMillis(int rowsPerDay) {
        return DAY_MILLIS / rowsPerDay;
    }

    private static int rowsAt(double intervalMillis, int maxRows) {
        long rows = Math.round(DAY_MILLIS / intervalMillis);
        return rows < MIN_ROWS || rows > maxRows ? 0 : (int) rows;
    }
}
