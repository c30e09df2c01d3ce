package dev.vigil.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.vigil.avro.DayState;
import dev.vigil.model.Architecture;
import dev.vigil.model.DailyCycle;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkInput;
import dev.vigil.model.RunningScaler;
import dev.vigil.model.TrainingWindows;
import dev.vigil.stats.RunningMoments;
import dev.vigil.testing.MapDayBlocks;

import org.junit.jupiter.api.Test;

class DayMemoryTest {

    private static final long FIVE_MINUTES = 300_000;
    private static final int HORIZON = 7;
    private static final int RECENT = 64;
    private static final String SENSOR = "s";

    private final MapDayBlocks days = new MapDayBlocks();

    @Test
    void shouldJudgeADayOfFiveMinuteReadingsAndKeepADayAndTheRecentWindow() {
        DayMemory day = feed(new double[1000], FIVE_MINUTES, 1440);

        assertThat(day.rowsPerDay()).isEqualTo(288);
        assertThat(day.intervals()).isEmpty();
        assertThat(day.kept()).isEqualTo(288 + RECENT);
    }

    @Test
    void shouldKeepNoDayForASensorReadOnceADayOrFasterThanTheMost() {
        assertThat(feed(new double[40], 86_400_000, 1440).rowsPerDay()).isEqualTo(DayMemory.NONE);
        assertThat(feed(new double[40], 1_000, 1440).rowsPerDay()).isEqualTo(DayMemory.NONE);
        assertThat(feed(new double[40], 1_000, 1440).kept()).isZero();
    }

    @Test
    void shouldNotLetAGapAmongTheFirstReadingsSetTheRate() {
        DayMemory day = empty();
        long time = 0;
        for (int t = 0; t < 30; t++) {
            long interval = t == 0 ? -1 : t == 5 ? 6 * 3_600_000 : FIVE_MINUTES;
            time += Math.max(0, interval);
            day = day.next(t, time, interval, RECENT, 1440);
            day.save();
        }
        assertThat(day.rowsPerDay()).isEqualTo(288);
    }

    /** What the scorer feeds the network is, step for step, what a training window built from the series holds. */
    @Test
    void shouldGiveTheNetworkTheSameDayAgoValuesAsTraining() {
        double[] series = new double[800];
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < series.length; t++) {
            series[t] = 20 + 5 * Math.sin(2 * Math.PI * t / 288) + random.nextGaussian();
        }
        ModelSpec spec = new ModelSpec(1, Architecture.LSTM, 1, 8, HORIZON, true);
        int length = 64;
        TrainingWindows windows = new TrainingWindows(length, spec);
        windows.addSeries(series, 288, 2000, 1);

        DayMemory day = empty();
        RunningScaler scaler = RunningScaler.EMPTY;
        int checked = 0;
        for (int t = 0; t < series.length - HORIZON; t++) {
            scaler = scaler.update(series[t], 2000);
            day = day.next(series[t], t * FIVE_MINUTES, t == 0 ? -1 : FIVE_MINUTES, RECENT, 1440);
            day.save();
            float[] scored = NetworkInput.of(spec, scaler.toScaled(series[t]), day.dayAgo(0, HORIZON, scaler));
            if (t >= length - 1 && t - (length - 1) < windows.size()) {
                float[] trained = windows.windows().get(t - (length - 1)).inputs()[length - 1];
                assertThat(scored).as("step %d", t).containsExactly(trained);
                checked += scored[HORIZON + 1] == 1f ? 1 : 0;
            }
        }
        assertThat(checked).as("steps with their day known").isGreaterThan(400);
    }

    @Test
    void shouldCutTheDayAgoValuesOfATrainingWindowAsTheyWereWhenEachStepWasScored() {
        DayMemory day = empty();
        for (int t = 0; t < 500; t++) {
            day = day.next(t, t * FIVE_MINUTES, t == 0 ? -1 : FIVE_MINUTES, RECENT, 1440);
            day.save();
        }
        // values 0..499 in thousandths, none clipped
        RunningScaler thousandths = new RunningScaler(new RunningMoments(0, 1e6, 1_000_000));
        int length = 10;
        float[] window = day.windowDayAgo(length, HORIZON, thousandths);

        assertThat(window).hasSize(length * HORIZON);
        // the window's first input step is the reading 499 - (length + H - 1); its step h+1 is a day after value t+h+1-288
        int first = 499 - (length + HORIZON - 1);
        for (int h = 0; h < HORIZON; h++) {
            assertThat(window[h]).isEqualTo((float) ((first + h + 1 - 288) / 1000.0));
        }
    }

    /** A day shorter than the horizon: a past step's day-ago value must not be taken from that step's future. */
    @Test
    void shouldNotGiveAPastStepAValueFromItsOwnFuture() {
        DayMemory day = empty();
        for (int t = 0; t < 200; t++) {
            day = day.next(t, t * 4L * 3_600_000, t == 0 ? -1 : 4 * 3_600_000, RECENT, 1440);
            day.save();
        }
        assertThat(day.rowsPerDay()).isEqualTo(6);
        RunningScaler thousandths = new RunningScaler(new RunningMoments(0, 1e6, 1_000_000));
        int length = 10;
        float[] window = day.windowDayAgo(length, HORIZON, thousandths);
        for (int t = 0; t < length; t++) {
            for (int h = 0; h < HORIZON; h++) {
                // one day (6 readings) before the step h+1 readings ahead is after the step itself for h+1 = 7
                assertThat(Float.isNaN(window[t * HORIZON + h])).as("step %d, h %d", t, h).isEqualTo(h + 1 > 6);
            }
        }
    }

    /**
     * A once-a-minute key's day in blocks: each full block written once, every block the day no longer reaches
     * deleted, and the kept values exactly the newest ones.
     */
    @Test
    void shouldWriteEachBlockOnceAndKeepOnlyTheBlocksTheDayReaches() {
        double[] series = new double[5_000];
        for (int t = 0; t < series.length; t++) {
            series[t] = 0.1 * t;
        }
        DayMemory day = feed(series, 60_000, 1440);

        int keep = 1440 + RECENT;
        assertThat(day.kept()).isEqualTo(keep);
        for (int i = 0; i < keep; i++) {
            assertThat(day.at(i)).as("value %d", i).isEqualTo((float) series[series.length - keep + i]);
        }
        assertThat(days.puts()).as("blocks written").isEqualTo(series.length / DayMemory.BLOCK);
        assertThat(days.size()).as("blocks held").isLessThanOrEqualTo(keep / DayMemory.BLOCK + 1);
        assertThat(days.puts() - days.deletes()).isEqualTo(days.size());
        assertThat(day.toAvro().getValues().remaining()).as("bytes carried in the key's state")
                .isEqualTo(series.length % DayMemory.BLOCK * Float.BYTES);

        DayMemory.forget(day.toAvro(), SENSOR, days);
        assertThat(days.size()).as("blocks left once the key is forgotten").isZero();
    }

    /**
     * A five-minute key that misses readings: each value goes to the position its time is due at, the positions of
     * the readings that did not come are not known, and a day back is a day back in time (288 positions), not 288
     * readings back.
     */
    @Test
    void shouldLeaveThePositionsOfMissedReadingsUnknownSoThatADayBackIsADayBackInTime() {
        DayMemory day = empty();
        RunningScaler thousandths = new RunningScaler(new RunningMoments(0, 1e6, 1_000_000));
        long previous = -1;
        for (int slot = 0; slot < 700; slot++) {
            boolean missed = slot > 40 && slot % 7 == 3;
            if (!missed) {
                // a little late or early, never by half an interval
                long time = slot * FIVE_MINUTES + (slot % 2 == 0 ? 40_000 : -40_000);
                day = day.next(slot, time, previous < 0 ? -1 : time - previous, RECENT, 1440);
                day.save();
                previous = time;
            }
        }

        assertThat(day.kept()).isEqualTo(288 + RECENT);
        int oldest = 700 - day.kept();
        for (int i = 0; i < day.kept(); i++) {
            int slot = oldest + i;
            if (slot % 7 == 3) {
                assertThat(day.at(i)).as("missed slot %d", slot).isNaN();
            } else {
                assertThat(day.at(i)).as("slot %d", slot).isEqualTo((float) slot);
            }
        }
        // the newest reading is slot 699: a day before its next steps are slots 412.., with 416 (7 * 59 + 3) missed
        float[] dayAgo = day.dayAgo(0, HORIZON, thousandths);
        for (int h = 0; h < HORIZON; h++) {
            int slot = 699 + h + 1 - 288;
            if (slot % 7 == 3) {
                assertThat(dayAgo[h]).as("h %d", h).isNaN();
            } else {
                assertThat(dayAgo[h]).as("h %d", h).isEqualTo(slot / 1000f);
            }
        }
        // one reading back is slot 698, three back 695: 696 (7 * 99 + 3) did not come
        assertThat(day.dayAgo(1, HORIZON, thousandths)[0]).isEqualTo((698 + 1 - 288) / 1000f);
        assertThat(day.dayAgo(3, HORIZON, thousandths)[0]).isEqualTo((695 + 1 - 288) / 1000f);
    }

    /**
     * After an outage longer than the kept day nothing kept is known: the day starts again at the reading's place in
     * time, without a block written for the outage, and the next reading on time is next.
     */
    @Test
    void shouldStartTheDayAgainAfterAnOutageLongerThanItWithoutWritingTheOutage() {
        DayMemory day = feed(new double[500], FIVE_MINUTES, 1440);
        int written = days.puts();
        long resumed = 499 * FIVE_MINUTES + 3 * 86_400_000L;

        day = day.next(7, resumed, 3 * 86_400_000L, RECENT, 1440);
        day.save();
        DayMemory after = day.next(8, resumed + FIVE_MINUTES, FIVE_MINUTES, RECENT, 1440);
        after.save();

        // three days of five minutes after place 499
        assertThat(after.newestPosition()).isEqualTo(499 + 3 * 288 + 1);
        assertThat(after.at(after.kept() - 1)).isEqualTo(8f);
        assertThat(after.at(after.kept() - 2)).isEqualTo(7f);
        for (int i = 0; i < after.kept() - 2; i++) {
            assertThat(after.at(i)).as("place %d", i).isNaN();
        }
        assertThat(after.dayAgo(0, HORIZON, RunningScaler.EMPTY)).containsOnly(Float.NaN);
        assertThat(days.puts() - written).as("blocks written for the outage").isLessThanOrEqualTo(1);
        assertThat(days.size()).as("blocks of the day before it").isLessThanOrEqualTo(1);
    }

    /**
     * A day stored before the origin was kept: anchored so that its newest reading was on time, the next reading goes
     * where its time is due, so a gap across the upgrade is still a gap.
     */
    @Test
    void shouldAnchorADayStoredWithoutAnOriginAtItsNewestReading() {
        DayMemory day = feed(new double[300], FIVE_MINUTES, 1440);
        DayState stored = day.toAvro();
        stored.setOrigin(null);
        stored.setSlot(null);

        // three places after the newest (299): two readings did not come
        DayMemory next = DayMemory.from(stored, SENSOR, days).next(5, 302 * FIVE_MINUTES, 3 * FIVE_MINUTES, RECENT,
                1440);

        assertThat(next.newestPosition()).isEqualTo(302);
        assertThat(next.at(next.kept() - 2)).isNaN();
        assertThat(next.at(next.kept() - 3)).isNaN();
        assertThat(next.at(next.kept() - 4)).isEqualTo(0f);
    }

    /** A day read back from its stored form, with its blocks, gives the same values. */
    @Test
    void shouldReadTheSameDayBackFromItsStoredForm() {
        double[] series = new double[700];
        for (int t = 0; t < series.length; t++) {
            series[t] = Math.sin(t / 7.0);
        }
        DayMemory day = feed(series, FIVE_MINUTES, 1440);

        DayMemory stored = DayMemory.from(day.toAvro(), SENSOR, days);

        assertThat(stored.kept()).isEqualTo(day.kept());
        for (int i = 0; i < day.kept(); i++) {
            assertThat(stored.at(i)).isEqualTo(day.at(i));
        }
    }

    /**
     * Against the day as it was kept before the blocks (every value inline, {@link InlineDay}): the same values at the
     * same places, whatever the rate, with the window W changed between readings (a restart with another setting),
     * the day read back from its stored form at every reading, and once in a while a state of the inline layout
     * moved into blocks.
     */
    @Test
    void shouldHoldTheSameValuesAsTheInlineDayItReplaced() {
        SplittableRandom random = new SplittableRandom(11);
        long[] rates = {1_000, 60_000, FIVE_MINUTES, 3_600_000, 4 * 3_600_000, 86_400_000};
        for (int trial = 0; trial < 60; trial++) {
            String key = "k" + trial;
            long interval = rates[random.nextInt(rates.length)];
            int recent = 1 + random.nextInt(100);
            MapDayBlocks store = new MapDayBlocks();
            DayMemory day = DayMemory.from(DayMemory.emptyState(), key, store);
            InlineDay reference = new InlineDay();
            int readings = random.nextInt(3_000);
            for (int t = 0; t < readings; t++) {
                if (random.nextInt(400) == 0) {
                    recent = 1 + random.nextInt(100);
                }
                // as the scorer does: the day read from the key's stored state, then the reading, then saved
                DayMemory read = DayMemory.from(day.toAvro(), key, store);
                if (random.nextInt(1_000) == 0) {
                    // a state stored before the blocks: numbered afresh into a store that has none of its blocks
                    store = new MapDayBlocks();
                    read = DayMemory.from(reference.toAvro(), key, store);
                }
                double value = random.nextGaussian();
                long since = t == 0 ? -1 : interval;
                day = read.next(value, t * interval, since, recent, 1440);
                day.save();
                reference.next(value, since, recent, 1440);

                assertThat(day.kept()).as("trial %d reading %d", trial, t).isEqualTo(reference.values.length);
                assertThat(day.rowsPerDay()).isEqualTo(reference.rows);
            }
            DayMemory stored = DayMemory.from(day.toAvro(), key, store);
            for (int i = 0; i < reference.values.length; i++) {
                assertThat(stored.at(i)).as("trial %d value %d", trial, i).isEqualTo(reference.values[i]);
            }
            int blocksNeeded = reference.values.length == 0 ? 0 : reference.values.length / DayMemory.BLOCK + 1;
            assertThat(store.size()).as("trial %d: blocks held", trial).isLessThanOrEqualTo(blocksNeeded);
        }
    }

    /** The day as {@code DayMemory} kept it before the blocks: every kept value in the state, copied at each reading. */
    private static final class InlineDay {
        private int rows;
        private List<Long> intervals = List.of();
        private float[] values = new float[0];

        void next(double value, long interval, int recentWindow, int maxRows) {
            if (rows == 0 && interval >= 0) {
                List<Long> seen = new ArrayList<>(intervals);
                seen.add(interval);
                intervals = seen;
                if (seen.size() >= DailyCycle.INTERVALS) {
                    rows = DailyCycle.rowsPerDay(seen.stream().mapToLong(Long::longValue).toArray(), maxRows);
                    rows = rows == 0 ? DayMemory.NONE : rows;
                    intervals = List.of();
                }
            }
            if (rows == DayMemory.NONE) {
                values = new float[0];
                return;
            }
            int keep = rows > 0 ? rows + recentWindow : values.length + 1;
            int kept = Math.min(keep, values.length + 1);
            float[] next = new float[kept];
            System.arraycopy(values, values.length - (kept - 1), next, 0, kept - 1);
            next[kept - 1] = (float) value;
            values = next;
        }

        /** As a state of the inline layout stored it. */
        DayState toAvro() {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            return new DayState(rows, intervals, bytes, -1L, 0L, null, null);
        }
    }

    private DayMemory empty() {
        return DayMemory.from(DayMemory.emptyState(), SENSOR, days);
    }

    private DayMemory feed(double[] values, long interval, int maxRows) {
        DayMemory day = empty();
        for (int t = 0; t < values.length; t++) {
            day = day.next(values[t], t * interval, t == 0 ? -1 : interval, RECENT, maxRows);
            day.save();
        }
        return day;
    }
}
