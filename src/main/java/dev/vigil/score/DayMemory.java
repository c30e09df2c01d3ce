package dev.vigil.score;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.avro.DayState;
import dev.vigil.detect.DayValues;
import dev.vigil.model.DailyCycle;
import dev.vigil.model.RunningScaler;

/**
 * A key's daily cycle, for the network's day-ago inputs ({@link dev.vigil.model.NetworkInput}) and the seasonal
 * signal: how many readings make its day, judged once from its first {@link DailyCycle#INTERVALS} intervals, and its
 * last day and W values more, so that the day-ago values of every step of the recent window (a re-warm, a training
 * window) are at hand.
 *
 * <p>The values are numbered from the key's first (their positions). Once the key's rate is judged, a position is
 * an interval of that rate in time, from the day's origin: a reading that did not come leaves its position NaN (not
 * known), so the value a day back is the one a day earlier in time, for a sensor that misses readings or publishes
 * unevenly too (docs/decisions/0041). Those of the block being filled, at most
 * {@value #BLOCK}, travel in the key's state; each full block goes once to the {@link DayBlocks} store and is
 * deleted from it once every value in it is older than the day and W kept. So a reading on time writes a few
 * hundred bytes of day, not the whole day (docs/decisions/0028-the-day-in-blocks.md). One instance serves one
 * reading of one key:
 * it caches the blocks that reading reads (the day {@link #next} returns starts from a copy of that cache), and
 * {@link #next} only notes the blocks to write and delete, which
 * {@link #save} does once the reading has been scored: a reading that fails leaves the store as its state found it.
 *
 * <p>Values are kept as float32: 4 bytes a reading of a day, and the network sees them scaled, where float32's
 * seven digits are far below the noise of any sensor whose values are not a million times their spread.
 */
final class DayMemory implements DayValues {

    /** Places per stored block: a block is written every this many places, and a state carries fewer than this. */
    static final int BLOCK = 64;

    /** Judged: no daily cycle kept for this key (too many or too few readings a day). */
    static final int NONE = -1;

    /** In a state stored before the day was kept in blocks, {@code count}: its values are all inline. */
    private static final long INLINE_LAYOUT = -1;

    private final int rowsPerDay;
    private final List<Long> intervals;
    /** The interval (ms) the rate was judged at, a place of the day; null until then (or stored before it was kept). */
    private final Double slot;
    /** Event time (ms) of position 0, null until the rate is judged: positions are slots of time from it. */
    private final Long origin;
    /** Values added so far: the position of the next one. */
    private final long count;
    /** Position of the oldest value kept. */
    private final long first;
    /** The values of the block being filled, oldest first, the newest at position {@code count - 1}; empty when NONE. */
    private final float[] tail;
    private final String sensorId;
    private final DayBlocks blocks;
    /** Blocks read (or not yet written) for this reading, by number. */
    private final Map<Long, float[]> cached;
    /** Blocks to write on {@link #save}: a block just filled, or those of an inline-layout state. */
    private final Map<Long, float[]> toWrite;
    /** Blocks to delete on {@link #save}. */
    private final Set<Long> toDelete;

    private DayMemory(int rowsPerDay, List<Long> intervals, Double slot, Long origin, long count, long first,
                      float[] tail, String sensorId, DayBlocks blocks, Map<Long, float[]> cached,
                      Map<Long, float[]> toWrite, Set<Long> toDelete) {
        this.rowsPerDay = rowsPerDay;
        this.intervals = intervals;
        this.slot = slot;
        this.origin = origin;
        this.count = count;
        this.first = first;
        this.tail = tail;
        this.sensorId = sensorId;
        this.blocks = blocks;
        this.cached = cached;
        this.toWrite = toWrite;
        this.toDelete = toDelete;
    }

    /** The stored form of a key never seen. */
    static DayState emptyState() {
        return new DayState(0, List.of(), ByteBuffer.allocate(0), 0L, 0L, null, null);
    }

    /** The day of key {@code sensorId} as its state holds it, its older values in {@code blocks}. */
    static DayMemory from(DayState stored, String sensorId, DayBlocks blocks) {
        float[] values = Float32Bytes.floats(stored.getValues());
        if (stored.getCount() != INLINE_LAYOUT) {
            return new DayMemory(stored.getRowsPerDay(), stored.getIntervals(), stored.getSlot(), stored.getOrigin(),
                    stored.getCount(), stored.getFirst(), values, sensorId, blocks, new HashMap<>(), new HashMap<>(),
                    new HashSet<>());
        }
        // stored before the blocks: every kept value inline, numbered from 0; the full blocks go out with the next reading
        Map<Long, float[]> inline = new HashMap<>();
        int full = values.length / BLOCK;
        for (int b = 0; b < full; b++) {
            inline.put((long) b, Arrays.copyOfRange(values, b * BLOCK, (b + 1) * BLOCK));
        }
        return new DayMemory(stored.getRowsPerDay(), stored.getIntervals(), stored.getSlot(), stored.getOrigin(),
                values.length, 0,
                Arrays.copyOfRange(values, full * BLOCK, values.length), sensorId, blocks, new HashMap<>(inline),
                inline, new HashSet<>());
    }

    DayState toAvro() {
        return new DayState(rowsPerDay, intervals, Float32Bytes.of(tail), count, first, slot, origin);
    }

    /** Deletes every block of the day {@code stored} holds in {@code blocks}: the key is forgotten. */
    static void forget(DayState stored, String sensorId, DayBlocks blocks) {
        if (stored.getCount() != INLINE_LAYOUT) {
            for (long b = stored.getFirst() / BLOCK; b < stored.getCount() / BLOCK; b++) {
                blocks.delete(sensorId, b);
            }
        }
    }

    /** Readings a day; 0 while not yet judged, {@link #NONE} when judged and the key has no daily rate kept. */
    int rowsPerDay() {
        return rowsPerDay;
    }

    /** The intervals seen while the rate is not judged (ms). */
    List<Long> intervals() {
        return intervals;
    }

    /** The position of the newest value kept (the reading {@link #next} added), counted from the key's first. */
    long newestPosition() {
        return count - 1;
    }

    @Override
    public int kept() {
        return (int) (count - first);
    }

    @Override
    public float at(int index) {
        long position = first + index;
        long tailStart = count - tail.length;
        if (position >= tailStart) {
            return tail[(int) (position - tailStart)];
        }
        float[] block = cached.computeIfAbsent(position / BLOCK, b -> blocks.get(sensorId, b));
        // only a store that lost a block it was given gets here: the value is not known
        return block == null ? Float.NaN : block[(int) (position % BLOCK)];
    }

    /**
     * After a reading: its interval counts toward the key's rate while that is not judged, and the value joins the
     * kept ones ({@code rowsPerDay + recentWindow} positions; all of them while the rate is not judged). Once the rate
     * is judged, the value goes to the position its time is due at, one slot (the median interval the rate was judged
     * from) per position from the day's origin, which is set so that the reading before was on time: the positions of
     * readings that did not come in between hold NaN (not known), so that a day back is a day back in time, not
     * {@code rowsPerDay} readings back whatever their times. A reading sooner than its due position takes the next
     * one. After a gap longer than the kept day nothing kept is known: the day starts again at the reading's position,
     * and no block is written for the gap. The day returned will write the blocks the values fill and delete those the
     * day no longer reaches when {@link #save saved}.
     *
     * @param eventTime the reading's time (ms)
     * @param interval  ms since the key's previous reading, or a negative number for its first
     */
    DayMemory next(double value, long eventTime, long interval, int recentWindow, int maxRows) {
        int rows = rowsPerDay;
        List<Long> seen = intervals;
        Double judgedSlot = slot;
        if (rows == 0 && interval >= 0) {
            seen = new ArrayList<>(intervals);
            seen.add(interval);
            if (seen.size() >= DailyCycle.INTERVALS) {
                long[] judged = seen.stream().mapToLong(Long::longValue).toArray();
                rows = DailyCycle.rowsPerDay(judged, maxRows);
                rows = rows == 0 ? NONE : rows;
                judgedSlot = rows > 0 ? DailyCycle.medianMillis(judged) : null;
                seen = List.of();
            }
        }
        Map<Long, float[]> cache = new HashMap<>(cached);
        Map<Long, float[]> writes = new HashMap<>(toWrite);
        Set<Long> deletes = new HashSet<>(toDelete);
        if (rows == NONE) {
            forgetBlocksBelow(count, cache, writes, deletes);
            return new DayMemory(NONE, seen, null, null, count, count, new float[0], sensorId, blocks, cache, writes,
                    deletes);
        }
        if (rows <= 0) {
            return appended(rows, seen, null, null, 0, value, cache, writes, deletes, recentWindow);
        }
        // a state stored before the slot was kept: the day's share of each place
        double nextSlot = judgedSlot != null ? judgedSlot : DailyCycle.intervalMillis(rows);
        Long nextOrigin = origin;
        if (nextOrigin == null) {
            // judged at this reading, or stored before the origin was kept: the previous reading was on time
            long previous = interval >= 0 ? eventTime - interval : eventTime;
            long previousPosition = interval >= 0 ? count - 1 : count;
            nextOrigin = previous - Math.round(previousPosition * nextSlot);
        }
        long due = Math.round((eventTime - nextOrigin) / nextSlot);
        long unknown = Math.max(0, due - count);
        if (unknown > rows + (long) recentWindow) {
            return restarted(rows, nextSlot, nextOrigin, due, value, cache, writes, deletes);
        }
        return appended(rows, seen, nextSlot, nextOrigin, unknown, value, cache, writes, deletes, recentWindow);
    }

    /** The day with {@code unknown} places not known, then the value, after the newest place. */
    private DayMemory appended(int rows, List<Long> seen, Double nextSlot, Long nextOrigin, long unknown, double value,
                               Map<Long, float[]> cache, Map<Long, float[]> writes, Set<Long> deletes,
                               int recentWindow) {
        long nextCount = count;
        float[] nextTail = tail;
        for (long k = 0; k <= unknown; k++) {
            nextTail = Arrays.copyOf(nextTail, nextTail.length + 1);
            nextTail[nextTail.length - 1] = k < unknown ? Float.NaN : (float) value;
            nextTail = sealedIfFull(nextTail, nextCount, cache, writes);
            nextCount++;
        }
        long nextFirst = rows > 0 ? Math.max(first, nextCount - (rows + (long) recentWindow)) : first;
        forgetBlocksBelow(nextFirst, cache, writes, deletes);
        return new DayMemory(rows, seen, nextSlot, nextOrigin, nextCount, nextFirst, nextTail, sensorId, blocks, cache,
                writes, deletes);
    }

    /**
     * After an outage longer than the kept day nothing kept is known any more: the day starts again at the reading's
     * place {@code position}, from the start of its block (the places before it in the block not known). The blocks
     * the day held are deleted; none is written for the outage.
     */
    private DayMemory restarted(int rows, double nextSlot, long nextOrigin, long position, double value,
                                Map<Long, float[]> cache, Map<Long, float[]> writes, Set<Long> deletes) {
        forgetBlocksBelow(count, cache, writes, deletes);
        long start = position - position % BLOCK;
        float[] nextTail = new float[(int) (position - start) + 1];
        Arrays.fill(nextTail, Float.NaN);
        nextTail[nextTail.length - 1] = (float) value;
        return new DayMemory(rows, List.of(), nextSlot, nextOrigin, position + 1, start,
                sealedIfFull(nextTail, position, cache, writes), sensorId, blocks, cache, writes, deletes);
    }

    /**
     * The tail whose newest value is at {@code position}: a full block is noted for writing and an empty tail
     * follows it; otherwise the tail itself.
     */
    private static float[] sealedIfFull(float[] tail, long position, Map<Long, float[]> cache,
                                        Map<Long, float[]> writes) {
        if (tail.length < BLOCK) {
            return tail;
        }
        writes.put(position / BLOCK, tail);
        cache.put(position / BLOCK, tail);
        return new float[0];
    }

    /** Notes for deletion the written blocks whose values all lie before position {@code position}. */
    private void forgetBlocksBelow(long position, Map<Long, float[]> cache, Map<Long, float[]> writes,
                                   Set<Long> deletes) {
        // every block below the one that holds the position is full: written before, or by this reading
        for (long b = first / BLOCK; b < position / BLOCK; b++) {
            deletes.add(b);
            writes.remove(b);
            cache.remove(b);
        }
    }

    /** Writes and deletes the blocks {@link #next} noted; the day's record goes in the key's state ({@link #toAvro}). */
    void save() {
        toDelete.forEach(b -> blocks.delete(sensorId, b));
        toWrite.forEach((b, values) -> blocks.put(sensorId, b, values));
        toDelete.clear();
        toWrite.clear();
    }

    /**
     * The scaled values one day before each of the {@code horizon} positions after that of the reading
     * {@code stepsBack} readings before the newest (0: the newest), NaN where not known; null when the key has no
     * known day.
     */
    float[] dayAgo(int stepsBack, int horizon, RunningScaler scaler) {
        if (rowsPerDay <= 0) {
            return null;
        }
        float[] dayAgo = new float[horizon];
        int reading = indexOfReading(stepsBack);
        for (int h = 0; h < horizon; h++) {
            // the value one day before the position h+1 after the reading's
            int at = reading + (h + 1) - rowsPerDay;
            dayAgo[h] = reading >= 0 && at >= 0 && at <= reading ? scaler.toScaled(at(at)) : Float.NaN;
        }
        return dayAgo;
    }

    /**
     * The index among the kept values of the reading {@code stepsBack} readings before the newest: positions that
     * are not known (NaN) are readings that did not come. -1 where it is older than every kept value.
     */
    private int indexOfReading(int stepsBack) {
        int index = kept() - 1;
        for (int readings = 0; index >= 0; index--) {
            if (!Float.isNaN(at(index)) && readings++ == stepsBack) {
                return index;
            }
        }
        return -1;
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
