package dev.vigil.score;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.vigil.avro.CombinerState;
import dev.vigil.avro.ErrorState;
import dev.vigil.avro.IntervalState;
import dev.vigil.avro.LastEpisode;
import dev.vigil.avro.NetworkState;
import dev.vigil.avro.RangeState;
import dev.vigil.avro.ScalerState;
import dev.vigil.avro.SensorState;
import dev.vigil.avro.StuckState;
import dev.vigil.detect.DriftSignal;
import dev.vigil.detect.Episode;
import dev.vigil.detect.SeasonalShift;
import dev.vigil.detect.Signal;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The previous, flat layout of {@link SensorState} (33 fields, one per number, copied by hand to and from the
 * detectors), kept as a known writer schema so that a state store written before the detectors owned nested
 * records is read on, not lost: every key keeps its network state, histories and episode across the upgrade
 * (docs/decisions/0006-sensor-state-per-detector.md). Avro's own resolution cannot move flat fields into nested
 * records, so a stored entry is read generically with this schema and moved field by field.
 */
public final class LegacySensorState {

    /** The layout as of schemas/SensorState.avsc before the split, kept as a resource. */
    public static final Schema SCHEMA = load("/schemas/legacy/SensorState-1.avsc");

    /**
     * The nested layout before the sensor's daily cycle was kept ({@code day}) and before the network's memory was
     * the architecture's parts (it was an LSTM's {@code hidden} and {@code cell}).
     */
    public static final Schema NESTED = load("/schemas/legacy/SensorState-2.avsc");

    /**
     * The current layout before the episode counted its age. Avro's resolution reads it by itself (the age takes its
     * default: long open), so it is not one of the {@link #LAYOUTS}.
     */
    public static final Schema BEFORE_EPISODE_AGE = load("/schemas/legacy/SensorState-3.avsc");

    /**
     * The current layout before the combiner kept the key's autoregression. Avro's resolution reads it by itself (the
     * autoregression takes its default, none, and the combiner starts afresh).
     */
    public static final Schema BEFORE_AUTOREGRESSION = load("/schemas/legacy/SensorState-4.avsc");

    /**
     * The current layout before the seasonal signal. Avro's resolution reads it by itself (the signal takes its
     * default, empty, and learns afresh from the key's day).
     */
    public static final Schema BEFORE_SEASON = load("/schemas/legacy/SensorState-5.avsc");

    /**
     * The current layout before the day's older values moved to their own store. Avro's resolution reads it by
     * itself (the day's {@code count} takes its default, -1, which marks its values as all inline; the scorer moves
     * them into blocks at the key's next reading).
     */
    public static final Schema BEFORE_DAY_BLOCKS = load("/schemas/legacy/SensorState-6.avsc");

    /**
     * The current layout before the key's rate of alarms and its episode's published strength were kept. Avro's
     * resolution reads it by itself (the rate takes its default, a key that never alarmed; the strength its default,
     * none: an episode open across the upgrade closes without one on its event).
     */
    public static final Schema BEFORE_ALARMS = load("/schemas/legacy/SensorState-7.avsc");

    /**
     * The current layout before detection could judge a reference network. Avro's resolution reads it by itself (the
     * reference takes its default, none: the key was judged against the live network, and a reference network, if
     * one is configured, is warmed from the key's ring at its next reading).
     */
    public static final Schema BEFORE_REFERENCE = load("/schemas/legacy/SensorState-8.avsc");

    /**
     * The current layout before an episode kept the signal that scored its peak. Avro's resolution reads it by itself
     * (the signal takes its default, none: an episode open across the upgrade names no signal on its closing event).
     */
    public static final Schema BEFORE_SIGNAL = load("/schemas/legacy/SensorState-9.avsc");

    /**
     * The current layout before the day kept its origin in time. Avro's resolution reads it by itself (the origin
     * takes its default, none: the day is anchored at the key's next reading, which is taken to be on time).
     */
    public static final Schema BEFORE_DAY_ORIGIN = load("/schemas/legacy/SensorState-10.avsc");

    /** Every earlier layout a store may hold, with how an entry of it becomes the current one. */
    public static final Map<Schema, Function<GenericRecord, SensorState>> LAYOUTS = Map.of(
            SCHEMA, LegacySensorState::upgrade,
            NESTED, LegacySensorState::upgradeNested);

    /** The age of an episode stored before the age was kept: long past publishing its score. */
    private static final int LONG_OPEN = Integer.MAX_VALUE;

    private LegacySensorState() {
    }

    /**
     * An entry stored in the previous layout, in the current one. Both error detectors get the whole stored error
     * window: each judges only its own newest part of it, and trims it at its next error.
     */
    public static SensorState upgrade(GenericRecord old) {
        List<Double> errors = doubles(old, "err_recent");
        return SensorState.newBuilder()
                .setModelVersion((Long) old.get("model_version"))
                .setSteps((Long) old.get("steps"))
                .setLastEventTime((Long) old.get("last_event_time"))
                .setRecent(doubles(old, "recent"))
                .setLastForecast(doubles(old, "last_forecast"))
                .setNetwork(lstmMemory(old))
                .setScaler(new ScalerState((Double) old.get("scaler_mean"), (Double) old.get("scaler_var"),
                        (Long) old.get("scaler_count")))
                .setCombiner(new CombinerState((Double) old.get("level"), doubles(old, "combiner_sums"),
                        doubles(old, "combiner_history"), List.of()))
                // the interval's error size was averaged alongside the error history, so it has the same count
                .setInterval(new IntervalState((Double) old.get("err_scale"), (Long) old.get("err_count")))
                .setError(new ErrorState(errors, (Double) old.get("err_mean"), (Double) old.get("err_var"),
                        (Long) old.get("err_count")))
                // the old drift history was of mean signed errors, not of shifts in the level: it starts afresh
                .setDrift(DriftSignal.NONE.toAvro())
                .setSeason(SeasonalShift.NONE.toAvro())
                .setStuck(new StuckState((Integer) old.get("stuck_run"), (Double) old.get("repeat_rate"),
                        (Long) old.get("repeat_count")))
                // the range saw every reading the key did
                .setRange(new RangeState((Double) old.get("value_min"), (Double) old.get("value_max"),
                        (Long) old.get("steps"), (Long) old.get("range_held_steps")))
                .setEpisode(new LastEpisode((Long) old.get("episode_id"), (Boolean) old.get("episode_open"),
                        (Long) old.get("episode_started_at"), (Double) old.get("episode_peak"),
                        (Integer) old.get("calm_steps"), LONG_OPEN, Episode.NO_STRENGTH, Signal.NO_CODE))
                .build();
    }

    /**
     * An entry of the {@link #NESTED} layout in the current one: Avro's resolution reads every field but the network's
     * memory (the day takes its default: no cycle known yet), whose h and c become the LSTM's two parts.
     */
    public static SensorState upgradeNested(GenericRecord old) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(NESTED).write(old, encoder);
            encoder.flush();
            SensorState state = new SpecificDatumReader<SensorState>(NESTED, SensorState.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            state.setNetwork(lstmMemory((GenericRecord) old.get("network")));
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An LSTM's h and c, stored apart before, as the two parts of its memory. */
    private static NetworkState lstmMemory(GenericRecord withHiddenAndCell) {
        return new NetworkState(List.of((ByteBuffer) withHiddenAndCell.get("hidden"),
                (ByteBuffer) withHiddenAndCell.get("cell")));
    }

    @SuppressWarnings("unchecked")
    private static List<Double> doubles(GenericRecord old, String field) {
        return List.copyOf((List<Double>) old.get(field));
    }

    private static Schema load(String resource) {
        try (InputStream in = LegacySensorState.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
