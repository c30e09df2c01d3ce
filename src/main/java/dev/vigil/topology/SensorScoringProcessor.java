package dev.vigil.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;
import dev.vigil.avro.SensorState;
import dev.vigil.avro.TrainingSample;
import dev.vigil.model.Forecaster;
import dev.vigil.model.LiveModel;
import dev.vigil.score.SensorScorer;
import dev.vigil.train.RetrainSettings;
import dev.vigil.train.Retrainer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores each valid reading against its sensor's state in the {@value ScoringTopology#STATE_STORE} store (the older
 * values of its day in the {@value ScoringTopology#DAY_STORE} store) and
 * forwards the forecast, and an anomaly event when an episode opens or closes. A reading older than the key's
 * last one is dead-lettered and leaves the state as it was.
 *
 * <p>Each instance (one per task, so never shared between threads) owns its own forecaster of the live model and takes
 * a new one when another version goes live; the scorer re-warms each key the first time it sees the new version, as
 * fast as {@link RewarmPacing} allows: until a key's turn, it is scored by the version its state is of, if that is one
 * of the last few. Where detection judges a fixed reference network ({@link LiveModel#newReference}), the instance
 * steps its own forecaster of it beside the live one. When retraining is on, one reading in {@code sampleEvery} of a
 * key ({@link RetrainSettings#samples}) also sends a training window cut from the key's ring of recent values to the
 * trainer, unless the model may not learn from it ({@link Retrainer#learnsFrom}: a key still in its first day). A
 * stream-time punctuator evicts sensors that have gone silent (see {@link EvictionSettings}).
 */
final class SensorScoringProcessor implements Processor<String, ValidReading, String, Object> {

    /** Versions before the live one whose forecasters are kept for keys not yet re-warmed. */
    static final int EARLIER_VERSIONS = 3;

    private final SensorScorer scorer;
    private final LiveModel live;
    private final EvictionSettings eviction;
    /** Null when retraining is off. */
    private final RetrainSettings sampling;
    private final ScoringMeters meters;
    /** The calling stream thread's bucket, shared with the thread's other tasks. */
    private final Supplier<RewarmPacing> pacing;
    /** Where the next eviction tick resumes its walk; null: from the start. Lost on restart, which is harmless. */
    private String evictionCursor;
    /** The newest event time this task has scored: "now" for judging silence, whatever the record timestamps. */
    private long newestEventTime = Long.MIN_VALUE;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SensorState> store;
    private DayBlockStore days;
    private Forecaster forecaster;
    /** This instance's forecaster of detection's reference network; null where detection judges the live one. */
    private Forecaster reference;
    /**
     * Forecasters of the versions live before {@link #forecaster}'s, by version, oldest first, for the keys not yet
     * re-warmed: at most {@value #EARLIER_VERSIONS}.
     */
    private final Map<Long, Forecaster> earlier = new LinkedHashMap<>();

    SensorScoringProcessor(SensorScorer scorer, LiveModel live, EvictionSettings eviction, RetrainSettings sampling,
                           ScoringMeters meters, Supplier<RewarmPacing> pacing) {
        this.scorer = scorer;
        this.live = live;
        this.eviction = eviction;
        this.sampling = sampling;
        this.meters = meters;
        this.pacing = pacing;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(ScoringTopology.STATE_STORE);
        this.days = new DayBlockStore(context.getStateStore(ScoringTopology.DAY_STORE));
        this.forecaster = live.newForecaster();
        this.reference = live.newReference();
        context.schedule(eviction.interval(), PunctuationType.STREAM_TIME, this::evictSilentSensors);
    }

    /**
     * Deletes, from the next slice of the store, the sensors silent for longer than the TTL. A bounded slice per
     * tick keeps a store of any size from stalling processing; a sensor that comes back starts afresh.
     */
    void evictSilentSensors(long streamTime) {
        if (newestEventTime == Long.MIN_VALUE) {
            return;
        }
        long oldest = newestEventTime - eviction.idleTtl().toMillis();
        List<KeyValue<String, SensorState>> silent = new ArrayList<>();
        String next = null;
        try (KeyValueIterator<String, SensorState> slice = store.range(evictionCursor, null)) {
            int seen = 0;
            while (slice.hasNext()) {
                KeyValue<String, SensorState> entry = slice.next();
                if (seen++ == eviction.slice()) {
                    next = entry.key;
                    break;
                }
                if (entry.value.getLastEventTime() < oldest) {
                    silent.add(entry);
                }
            }
        }
        for (KeyValue<String, SensorState> sensor : silent) {
            SensorScorer.forget(sensor.value, sensor.key, days);
            store.delete(sensor.key);
        }
        evictionCursor = next;
    }

    @Override
    public void process(Record<String, ValidReading> record) {
        SensorReading reading = record.value().reading();
        long eventTime = reading.getEventTime().toEpochMilli();
        SensorState state = store.get(record.key());
        if (state != null && eventTime < state.getLastEventTime()) {
            reject(record, DeadLetterReason.OUT_OF_ORDER, "event_time " + reading.getEventTime()
                    + " is older than this sensor's last reading at " + Instant.ofEpochMilli(state.getLastEventTime()));
            return;
        }
        if (forecaster.spec().version() != live.version()) {
            keepEarlier(forecaster);
            forecaster = live.newForecaster();
        }
        if (carriesOver(state)) {
            state.setModelVersion(forecaster.spec().version());
            meters.memoryCarriedOver();
        }
        boolean rewarms = SensorScorer.rewarms(state, forecaster);
        Forecaster scoring = forecaster;
        Forecaster own = rewarms ? earlier.get(state.getModelVersion()) : null;
        if (own != null && !pacing.get().mayRewarm()) {
            // not this key's turn: its state is an earlier version's, which scores it as before the swap
            scoring = own;
            rewarms = false;
            meters.rewarmDeferred();
        }
        SensorScorer.Scored scored;
        long started = System.nanoTime();
        try {
            scored = scorer.score(List.of(new SensorScorer.Input(record.key(), state, eventTime, reading.getValue())),
                    scoring, reference, days).get(0);
        } catch (RuntimeException e) {
            reject(record, DeadLetterReason.PROCESSING_ERROR, e.toString());
            return;
        }
        long took = System.nanoTime() - started;
        if (rewarms) {
            pacing.get().spent(took);
            meters.rewarmed();
        }
        meters.scored(took, scored.event());
        store.put(record.key(), scored.state());
        newestEventTime = Math.max(newestEventTime, eventTime);
        context.forward(record.withValue(scored.forecast()), ScoringTopology.FORECAST_SINK);
        if (scored.event() != null) {
            context.forward(record.withValue(scored.event()), ScoringTopology.ANOMALY_SINK);
        }
        if (sampling != null && sampling.samples(record.key(), scored.state().getSteps())) {
            sample(record, scored.state());
        }
    }

    /**
     * Whether the key's memory of its state's version serves the live forecaster as it is, so that the key needs no
     * re-warm: the live version is a fine-tune of it, or of a fine-tune of it ({@link LiveModel#carriesOver}), and
     * detection judges the reference network, whose errors a swap of the live one leaves alone. Where detection judges
     * the live network, the re-warm also rescales the key's error history to the new network's errors, which a
     * carried memory would skip (docs/decisions/0040-a-fine-tune-carries-the-memory-over.md).
     */
    private boolean carriesOver(SensorState state) {
        return reference != null && state != null && state.getModelVersion() != forecaster.spec().version()
                && live.carriesOver(state.getModelVersion(), forecaster.spec().version());
    }

    /**
     * Keeps the forecaster of a version that is no longer live, for the keys whose state is still that version's.
     * More than one: a retrain and a publish can come seconds apart, well inside the minute or so a paced re-warm
     * takes, and a key two versions behind with no model of its own would have to re-warm at once, every such key
     * in the same second (docs/decisions/0029-state-codec.md). The oldest goes past {@value #EARLIER_VERSIONS}: a key
     * that far behind re-warms at once.
     */
    private void keepEarlier(Forecaster retired) {
        earlier.put(retired.spec().version(), retired);
        if (earlier.size() > EARLIER_VERSIONS) {
            earlier.remove(earlier.keySet().iterator().next());
        }
    }

    private void sample(Record<String, ValidReading> record, SensorState state) {
        float[] scaled = SensorScorer.recentScaled(state, sampling.windowLength() + sampling.horizon());
        if (scaled == null) {
            return;
        }
        float[] dayAgo = SensorScorer.recentDayAgo(state, record.key(), days, sampling.windowLength(),
                sampling.horizon());
        if (!Retrainer.learnsFrom(forecaster.spec(), dayAgo)) {
            return;
        }
        TrainingSample sample = TrainingSample.newBuilder()
                .setSensorId(record.key())
                .setEventTime(Instant.ofEpochMilli(state.getLastEventTime()))
                .setScaled(floats(scaled))
                .setDayAgo(floats(dayAgo))
                .setModelVersion(state.getModelVersion())
                .build();
        context.forward(record.withValue(sample), ScoringTopology.SAMPLE_SINK);
    }

    private static List<Float> floats(float[] array) {
        List<Float> list = new ArrayList<>(array.length);
        for (float value : array) {
            list.add(value);
        }
        return list;
    }

    private void reject(Record<String, ValidReading> record, DeadLetterReason reason, String detail) {
        meters.deadLetter(reason);
        ValidReading valid = record.value();
        context.forward(record.withValue(DeadLetters.envelope(context, record, valid.origin(), valid.original(),
                        reason, detail)),
                ScoringTopology.DEAD_LETTER_SINK);
    }
}
