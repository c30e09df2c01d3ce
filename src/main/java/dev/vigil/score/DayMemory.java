package dev.vigil.score;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.DayState;
import dev.vigil.model.DailyCycle;
import dev.vigil.model.RunningScaler;

/**
 * A key's daily cycle, for the network's day-ago inputs ({@link dev.vigil.model.NetworkInput}): how many readings
 * make its day, judged once from its first {@link DailyCycle#INTERVALS} intervals, and its last day and W values
 * more, so that the day-ago values of every step of the recent window (a re-warm, a training window) are at hand.
 *
 * <p>Values are kept as float32: 4 bytes a reading of a day, and the network sees them scaled, where float32's
 * seven digits are far below the noise of any sensor whose values are not a million times their spread.
 *
 * @param rowsPerDay readings a day; 0 while not yet judged, {@link #NONE} when judged and the key has no daily rate
 *                   that is kept
 * @param intervals  the intervals seen while not yet judged (ms)
 * @param values     the newest values, oldest first
 */
record DayMemory(int rowsPerDay, List<Long> intervals, float[] values) {

    /** Judged: no daily cycle kept for this key (too many or too few readings a day). */
    static final int NONE = -1;

    static final DayMemory EMPTY = new DayMemory(0, List.of(), new float[0]);

    static DayMemory from(DayState stored) {
        ByteBuffer bytes = stored.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return new DayMemory(stored.getRowsPerDay(), stored.getIntervals(), values);
    }

    DayState toAvro() {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new DayState(rowsPerDay, intervals, bytes);
    }

    /**
     * After a reading: its interval counts toward the key's rate while that is not judged, and the value joins the
     * kept ones ({@code rowsPerDay + recentWindow} of them).
     *
     * @param interval ms since the key's previous reading, or a negative number for its first
     */
    DayMemory next(double value, long interval, int recentWindow, int maxRows) {
        int rows = rowsPerDay;
        List<Long> seen = intervals;
        if (rows == 0 && interval >= 0) {
            seen = new ArrayList<>(intervals);
            seen.add(interval);
            if (seen.size() >= DailyCycle.INTERVALS) {
                rows = DailyCycle.rowsPerDay(seen.stream().mapToLong(Long::longValue).toArray(), maxRows);
                rows = rows == 0 ? NONE : rows;
                seen = List.of();
            }
        }
        if (rows == NONE) {
            return new DayMemory(NONE, seen, new float[0]);
        }
        // while the rate is not judged the key has seen only a handful of readings: keep them all
        int keep = rows > 0 ? rows + recentWindow : values.length + 1;
        int kept = Math.min(keep, values.length + 1);
        float[] next = new float[kept];
        System.arraycopy(values, values.length - (kept - 1), next, 0, kept - 1);
        next[kept - 1] = (float) value;
        return new DayMemory(rows, seen, next);
    }

    /**
     * The scaled values one day before each of the next {@code horizon} steps of the reading {@code stepsBack}
     * readings before the newest kept one (0: the newest), NaN where not kept; null when the key has no known day.
     */
    float[] dayAgo(int stepsBack, int horizon, RunningScaler scaler) {
        if (rowsPerDay <= 0) {
            return null;
        }
        float[] dayAgo = new float[horizon];
        int newest = values.length - 1;
        for (int h = 0; h < horizon; h++) {
            // the value one day before the step h+1 readings after the reading stepsBack back
            int at = newest - stepsBack + (h + 1) - rowsPerDay;
            dayAgo[h] = at >= 0 && at <= newest - stepsBack ? scaler.toScaled(values[at]) : Float.NaN;
        }
        return dayAgo;
    }

    /**
     * For a training window of the newest {@code length + horizon} readings, the day-ago values of each of its
     * first {@code length} (input) steps, step after step; empty when the key has no known day.
     */
    float[] windowDayAgo(int length, int horizon, RunningScaler scaler) {
        if (rowsPerDay <= 0) {
            return new float[0];
        }
        float[] all = new float[length * horizon];
        for (int t = 0; t < length; t++) {
            System.arraycopy(dayAgo(length + horizon - 1 - t, horizon, scaler), 0, all, t * horizon, horizon);
        }
        return all;
    }
}
