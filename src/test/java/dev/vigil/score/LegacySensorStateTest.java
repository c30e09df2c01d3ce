package dev.vigil.score;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorState;
import dev.vigil.detect.AlarmRate;
import dev.vigil.detect.DriftSignal;
import dev.vigil.detect.Episode;
import dev.vigil.detect.SeasonalShift;
import dev.vigil.detect.Signal;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.model.Forecaster;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;
import dev.vigil.topology.ScoringTopology;
import dev.vigil.testing.MapDayBlocks;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** A store written by the version before the detectors owned nested records is read on, key by key. */
class LegacySensorStateTest {

    /** Readings before a state is stored: more than a day of a 5-minute key, so that it has a seasonal history. */
    private static final int WARMED_UP = 400;

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final MapDayBlocks days = new MapDayBlocks();
    /** The upgraded state's blocks: an upgrade numbers the day's values afresh, so they are not the current state's. */
    private final MapDayBlocks upgradedDays = new MapDayBlocks();
    private final Forecaster model = TestModels.small().newForecaster();
    /** The sensor-state store's own serde. */
    private final AvroSerde<SensorState> serde = ScoringTopology.stateSerde();

    @Test
    void shouldScoreAnOldStateExactlyAsTheStateItWasWrittenFrom() throws Exception {
        SensorState current = warmedUp();
        byte[] old = stored(flat(current));

        SensorState upgraded = serde.decode(old);

        assertThat(upgraded.getSteps()).isEqualTo(WARMED_UP);
        // what an upgrade does not carry over: the old drift history measured another quantity, and the layout had
        // no autoregression
        current.setDrift(DriftSignal.NONE.toAvro());
        withoutAutoregression(current);
        withoutDay(current);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldScoreAStateOfTheNestedLayoutExactlyAsTheStateItWasWrittenFrom() throws Exception {
        SensorState current = warmedUp();
        GenericRecord old = inLayout(LegacySensorState.NESTED, current);
        GenericRecord network = new GenericData.Record(LegacySensorState.NESTED.getField("network").schema());
        network.put("hidden", current.getNetwork().getParts().get(0));
        network.put("cell", current.getNetwork().getParts().get(1));
        old.put("network", network);
        byte[] bytes = stored(old);

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getNetwork()).isEqualTo(current.getNetwork());
        assertThat(upgraded.getDay().getRowsPerDay()).as("the day is learnt afresh").isZero();
        withoutAutoregression(current);
        withoutDay(current);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheEpisodeCountedItsAgeAsLongOpen() throws Exception {
        SensorState current = warmedUp();
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_EPISODE_AGE, current, "episode",
                current.getEpisode()));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getEpisode().getAge()).isEqualTo(Integer.MAX_VALUE);
        current.getEpisode().setAge(Integer.MAX_VALUE);
        withoutAutoregression(current);
        withoutSeason(current);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheAutoregressionWithItStartingAfresh() throws Exception {
        SensorState current = warmedUp();
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_AUTOREGRESSION, current, "combiner",
                current.getCombiner()));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getCombiner().getAutoregression()).isEmpty();
        assertThat(upgraded.getCombiner().getSums()).isEqualTo(current.getCombiner().getSums());
        withoutAutoregression(current);
        withoutSeason(current);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheSeasonalSignalWithItStartingAfresh() throws Exception {
        SensorState current = warmedUp();
        assertThat(current.getSeason().getCount()).as("the key has a seasonal history to lose").isPositive();
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_SEASON, current));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getSeason()).isEqualTo(SeasonalShift.NONE.toAvro());
        assertThat(DayMemory.from(upgraded.getDay(), "s", upgradedDays).kept())
                .isEqualTo(DayMemory.from(current.getDay(), "s", days).kept());
        withoutSeason(current);
        assertScoresAlike(current, upgraded);
    }

    /** The layouts before the seasonal signal had none: an upgraded key's learns afresh. */
    private static void withoutSeason(SensorState state) {
        state.setSeason(SeasonalShift.NONE.toAvro());
    }

    /** The layouts before the key's day was kept had none: an upgraded key learns it (and its season) afresh. */
    private static void withoutDay(SensorState state) {
        state.setDay(DayMemory.emptyState());
        withoutSeason(state);
    }

    /** The layouts before the combiner's autoregression had none: an upgraded key's starts afresh. */
    private static void withoutAutoregression(SensorState state) {
        state.getCombiner().setAutoregression(List.of());
    }

    @Test
    void shouldMoveTheDayOfAStateStoredBeforeTheBlocksIntoBlocksAndScoreItAlike() throws Exception {
        SensorState current = warmedUp();
        assertThat(DayMemory.from(current.getDay(), "s", days).kept()).as("a day longer than a block")
                .isGreaterThan(2 * DayMemory.BLOCK);
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_DAY_BLOCKS, current));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getDay().getCount()).as("the inline layout").isEqualTo(-1);
        assertScoresAlike(current, upgraded);
        assertThat(upgradedDays.size()).as("the day moved into blocks").isPositive();
    }

    @Test
    void shouldReadAStateStoredBeforeTheAlarmRateAsAKeyThatNeverAlarmedWithNoStrengthPublished() throws Exception {
        SensorState current = warmedUp();
        current.setAlarms(new AlarmRate(List.of(150L, 400L, 900L)).toAvro());
        current.getEpisode().setStrength(0.9);
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_ALARMS, current, "episode", current.getEpisode()));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getAlarms()).isEqualTo(AlarmRate.NONE.toAvro());
        assertThat(upgraded.getEpisode().getStrength()).isEqualTo(Episode.NO_STRENGTH);
        current.setAlarms(AlarmRate.NONE.toAvro());
        current.getEpisode().setStrength(Episode.NO_STRENGTH);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheReferenceNetworkAsJudgedAgainstTheLiveOne() throws Exception {
        SensorState current = warmedUp();
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_REFERENCE, current));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getReference()).isNull();
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheEpisodesSignalAsNamingNone() throws Exception {
        SensorState current = warmedUp();
        current.getEpisode().setPeakSignal(Signal.STUCK_VALUE.code());
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_SIGNAL, current, "episode", current.getEpisode()));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getEpisode().getPeakSignal()).isEqualTo(Signal.NO_CODE);
        assertThat(Episode.from(upgraded.getEpisode()).peakSignal()).isNull();
        current.getEpisode().setPeakSignal(Signal.NO_CODE);
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldReadAStateStoredBeforeTheDaysOriginAsAnchoredAtTheNextReading() throws Exception {
        SensorState current = warmedUp();
        byte[] bytes = stored(inLayout(LegacySensorState.BEFORE_DAY_ORIGIN, current));

        SensorState upgraded = serde.decode(bytes);

        assertThat(upgraded.getDay().getOrigin()).isNull();
        assertScoresAlike(current, upgraded);
    }

    @Test
    void shouldStillRefuseBytesOfNeitherLayout() {
        assertThatThrownBy(() -> serde.decode(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isInstanceOf(SerializationException.class);
    }

    /**
     * The fields of {@code current} that {@code layout} has, by name, in a record of that earlier layout; a sensor's
     * day as the layouts before the blocks kept it, every kept value inline (a layout that has blocks reads that as
     * inline).
     */
    private GenericRecord inLayout(Schema layout, SpecificRecordBase current) {
        GenericRecord old = new GenericData.Record(layout);
        for (Schema.Field field : layout.getFields()) {
            boolean inlineDay = field.name().equals("day") && current instanceof SensorState;
            old.put(field.name(), inlineDay ? inlineDay(field.schema(), (SensorState) current)
                    : current.get(field.name()));
        }
        return old;
    }

    /** The day of {@code state} in the layout before the blocks: its kept values, oldest first, all in the state. */
    private GenericRecord inlineDay(Schema layout, SensorState state) {
        DayMemory day = DayMemory.from(state.getDay(), "s", days);
        ByteBuffer values = ByteBuffer.allocate(day.kept() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < day.kept(); i++) {
            values.putFloat(day.at(i));
        }
        GenericRecord old = new GenericData.Record(layout);
        old.put("rows_per_day", state.getDay().getRowsPerDay());
        old.put("intervals", state.getDay().getIntervals());
        old.put("values", values.flip());
        if (layout.getField("count") != null) {
            old.put("count", -1L);
            old.put("first", 0L);
        }
        return old;
    }

    /** The same, with the record in {@code field} in the earlier layout's own version of that record. */
    private GenericRecord inLayout(Schema layout, SpecificRecordBase current, String field,
                                          SpecificRecordBase nested) {
        GenericRecord old = inLayout(layout, current);
        old.put(field, inLayout(layout.getField(field).schema(), nested));
        return old;
    }

    /** What the store held for {@code old}: single-object encoded in its own layout. */
    private static byte[] stored(GenericRecord old) throws IOException {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old.getSchema()).encode(old).array();
    }

    /** A key's state after {@value #WARMED_UP} healthy readings. */
    private SensorState warmedUp() {
        SensorState state = null;
        for (int step = 0; step < WARMED_UP; step++) {
            state = score(state, step, healthy(step)).state();
        }
        return state;
    }

    /** The upgraded state scores the next 100 readings, a spike among them, exactly as the one it came from. */
    private void assertScoresAlike(SensorState current, SensorState upgraded) {
        for (int step = WARMED_UP; step < WARMED_UP + 100; step++) {
            double value = step == WARMED_UP + 50 ? healthy(step) + 30 : healthy(step);
            SensorScorer.Scored fromCurrent = score(copy(current), step, value, days);
            SensorScorer.Scored fromOld = score(upgraded, step, value, upgradedDays);
            assertThat(fromOld.forecast()).as("step %d", step).isEqualTo(fromCurrent.forecast());
            assertThat(fromOld.event()).isEqualTo(fromCurrent.event());
            current = fromCurrent.state();
            upgraded = fromOld.state();
        }
    }

    private SensorScorer.Scored score(SensorState state, int step, double value) {
        return score(state, step, value, days);
    }

    private SensorScorer.Scored score(SensorState state, int step, double value, MapDayBlocks blocks) {
        return scorer.score(List.of(new SensorScorer.Input("s", state, at(step).toEpochMilli(), value)), model, blocks)
                .get(0);
    }

    private static SensorState copy(SensorState state) {
        return SensorState.newBuilder(state).build();
    }

    /** What the previous version stored for this key: every number in a flat field, one error window. */
    private static GenericRecord flat(SensorState state) {
        GenericRecord old = new GenericData.Record(LegacySensorState.SCHEMA);
        old.put("model_version", state.getModelVersion());
        old.put("steps", state.getSteps());
        old.put("last_event_time", state.getLastEventTime());
        old.put("hidden", ByteBuffer.wrap(bytes(state.getNetwork().getParts().get(0))));
        old.put("cell", ByteBuffer.wrap(bytes(state.getNetwork().getParts().get(1))));
        old.put("scaler_mean", state.getScaler().getMean());
        old.put("scaler_var", state.getScaler().getVar());
        old.put("scaler_count", state.getScaler().getCount());
        old.put("last_forecast", state.getLastForecast());
        old.put("recent", state.getRecent());
        old.put("err_mean", state.getError().getMean());
        old.put("err_var", state.getError().getVar());
        old.put("err_count", state.getError().getCount());
        old.put("err_scale", state.getInterval().getMeanAbsError());
        old.put("err_recent", state.getError().getRecent());
        old.put("episode_id", state.getEpisode().getId());
        old.put("episode_open", state.getEpisode().getOpen());
        old.put("episode_started_at", state.getEpisode().getStartedAt());
        old.put("episode_peak", state.getEpisode().getPeak());
        old.put("calm_steps", state.getEpisode().getCalmSteps());
        // the old drift signal's history (of mean signed errors): the upgrade drops it
        old.put("drift_mean", 0.4);
        old.put("drift_var", 0.01);
        old.put("drift_count", 300L);
        old.put("stuck_run", state.getStuck().getRun());
        old.put("repeat_rate", state.getStuck().getRepeatRate());
        old.put("repeat_count", state.getStuck().getCount());
        old.put("value_min", state.getRange().getMin());
        old.put("value_max", state.getRange().getMax());
        old.put("range_held_steps", state.getRange().getHeldSteps());
        old.put("level", state.getCombiner().getLevel());
        old.put("combiner_sums", state.getCombiner().getSums());
        old.put("combiner_history", state.getCombiner().getHistory());
        return old;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
