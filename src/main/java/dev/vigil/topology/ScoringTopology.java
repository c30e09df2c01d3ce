package dev.vigil.topology;

import java.util.function.Supplier;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.format.KeySource;
import dev.vigil.format.ReadingDecoder;
import dev.vigil.format.ReadingSettings;
import dev.vigil.kafka.TopicSpec;
import dev.vigil.kafka.Topics;
import dev.vigil.model.LiveModel;
import dev.vigil.score.LegacySensorState;
import dev.vigil.score.SensorScorer;
import dev.vigil.train.RetrainSettings;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Vigil's topology, three parts:
 * <ul>
 *   <li>scoring: readings (re-keyed by the payload's sensor id first when {@code readings.key=payload}) → validate → score (per key, state and the older values of its day in two changelogged stores) → forecasts, anomaly
 *       events, dead letters, and every k-th window of a key to the training-samples topic;</li>
 *   <li>training: the one task of the training-samples topic keeps a reservoir of windows, retrains on schedule
 *       and publishes better models to the models topic (and dead-letters model updates nobody may use);</li>
 *   <li>models: a global store, on every instance, of the models topic; its newest trusted model is live.</li>
 * </ul>
 * A pure function of its arguments; starting and stopping it is the caller's.
 */
public final class ScoringTopology {

    public static final String STATE_STORE = "sensor-state";
    /** The older values of the sensors' days, in blocks (score.DayBlocks); beside {@link #STATE_STORE} in each task. */
    public static final String DAY_STORE = "sensor-day";

    public static final String MODEL_STORE = "models";
    static final String RESERVOIR_STORE = "training-reservoir";
    static final String AUDITED_MODELS_STORE = "audited-models";

    static final String SOURCE = "readings";
    static final String ROUTER = "key-by-sensor";
    static final String ROUTER_DEAD_LETTER_SINK = "unreadable-dead-letters";
    /** Name of the repartition of {@code readings.key=payload}: its topic is {@code <application.id>-readings-by-sensor-repartition}. */
    public static final String REKEYED = "readings-by-sensor";
    static final String VALIDATOR = "validate";
    static final String SCORER = "score";
    static final String FORECAST_SINK = "forecasts";
    static final String ANOMALY_SINK = "anomalies";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String SAMPLE_SINK = "training-samples";
    static final String SAMPLE_SOURCE = "training-samples-in";
    static final String TRAINER = "train";
    static final String MODEL_SINK = "models-out";
    static final String TRAINER_DEAD_LETTER_SINK = "model-dead-letters";
    static final String MODEL_SOURCE = "models-in";
    static final String MODEL_UPDATER = "models-update";

    /** Where the per-key state lives: RocksDB in production, memory for replay and tests (both changelogged). */
    public enum StoreKind { PERSISTENT, IN_MEMORY }

    /**
     * How retraining runs: on a thread of its own at wall-clock intervals (a running instance), or inline at
     * event-time intervals (replay: the same input gives the same output).
     */
    public enum TrainingMode { BACKGROUND, INLINE }

    private ScoringTopology() {
    }

    public static Topology build(VigilConfig config, LiveModel live, StoreKind storeKind, TrainingMode mode) {
        // a composite with no registries behind it: every meter is a no-op
        return build(config, live, storeKind, mode, new CompositeMeterRegistry());
    }

    /** The topology, its processors counting readings, dead letters, episodes and inference time in {@code registry}. */
    public static Topology build(VigilConfig config, LiveModel live, StoreKind storeKind, TrainingMode mode,
                                 MeterRegistry registry) {
        ScoringMeters meters = ScoringMeters.register(registry);
        Topics topics = Topics.from(config);
        EvictionSettings eviction = config.eviction();
        RetrainSettings retraining = config.retraining();
        byte[] signingKey = config.modelSigningKey();
        SensorScorer scorer = new SensorScorer(config.scoring());

        Topology topology = readingsUpToTheValidator(config.readings(), topics, meters);
        // replay's outputs must not depend on the machine's speed, so it re-warms every key at once
        double rewarmShare = mode == TrainingMode.INLINE ? 1 : config.rewarmShare();
        Supplier<RewarmPacing> pacing = RewarmPacing.perThread(rewarmShare);
        topology.addProcessor(SCORER, () -> new SensorScoringProcessor(scorer, live, eviction, retraining, meters,
                pacing), VALIDATOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(STATE_STORE, storeKind), Serdes.String(),
                stateSerde()), SCORER);
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(DAY_STORE, storeKind), Serdes.String(),
                Serdes.ByteArray()), SCORER);
        topology.addSink(FORECAST_SINK, topics.forecasts().name(), topics.forecasts().keySerde().serializer(),
                topics.forecasts().valueSerde().serializer(), SCORER);
        topology.addSink(ANOMALY_SINK, topics.anomalies().name(), topics.anomalies().keySerde().serializer(),
                topics.anomalies().valueSerde().serializer(), SCORER);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters().name(), topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(), VALIDATOR, SCORER);
        topology.addSink(SAMPLE_SINK, topics.trainingSamples().name(),
                topics.trainingSamples().keySerde().serializer(), topics.trainingSamples().valueSerde().serializer(),
                SCORER);

        // training: its own sub-topology (its sinks are its own nodes), so its one task is independent of scoring
        topology.addSource(SAMPLE_SOURCE, topics.trainingSamples().keySerde().deserializer(),
                topics.trainingSamples().valueSerde().deserializer(), topics.trainingSamples().name());
        topology.addProcessor(TRAINER, () -> new ModelTrainerProcessor(live, retraining, mode, signingKey,
                topics.models().name()), SAMPLE_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(RESERVOIR_STORE, storeKind), Serdes.String(),
                Topics.trainingSampleSerde()), TRAINER);
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(AUDITED_MODELS_STORE, storeKind),
                Serdes.String(), Serdes.Long()), TRAINER);
        topology.addSink(MODEL_SINK, topics.models().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), TRAINER);
        topology.addSink(TRAINER_DEAD_LETTER_SINK, topics.deadLetters().name(),
                topics.deadLetters().keySerde().serializer(), topics.deadLetters().valueSerde().serializer(), TRAINER);

        // models: raw bytes, so that a record that does not decode is judged by Vigil, not fatal to the thread
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                MODEL_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.models().name(), MODEL_UPDATER, () -> new ModelStoreUpdater(live, signingKey));
        return topology;
    }

    /**
     * The sensor-state store's values: the current layout, and entries an earlier version stored in the previous
     * layout, read into the current one (a store kept across the upgrade is scored on, not lost).
     */
    public static AvroSerde<SensorState> stateSerde() {
        return AvroSerde.readingLegacy(SensorState.getClassSchema(), LegacySensorState.LAYOUTS)
                .alsoReading(LegacySensorState.BEFORE_EPISODE_AGE)
                .alsoReading(LegacySensorState.BEFORE_AUTOREGRESSION)
                .alsoReading(LegacySensorState.BEFORE_SEASON)
                .alsoReading(LegacySensorState.BEFORE_DAY_BLOCKS)
                .alsoReading(LegacySensorState.BEFORE_ALARMS)
                .alsoReading(LegacySensorState.BEFORE_REFERENCE)
                .alsoReading(LegacySensorState.BEFORE_SIGNAL)
                .alsoReading(LegacySensorState.BEFORE_DAY_ORIGIN);
    }

    /**
     * The readings source and the {@value #VALIDATOR} node, whose children are added by the caller. With the key
     * taken from the record, the validator reads the readings topic directly. With the key taken from the payload,
     * {@link PayloadKeyRouter} keys each reading by its sensor id and the readings pass through a repartition topic
     * ({@code <application.id>-}{@value #REKEYED}{@code -repartition}) first, so that each sensor's readings reach
     * the one task that holds its state; this part is built with the DSL because only the DSL declares repartition
     * topics (created, sized like the readings topic and purged after each commit by Kafka Streams itself).
     */
    private static Topology readingsUpToTheValidator(ReadingSettings readings, Topics topics, ScoringMeters meters) {
        TopicSpec<String, byte[]> input = topics.readings();
        if (readings.keySource() == KeySource.RECORD) {
            Topology topology = new Topology();
            topology.addSource(SOURCE, input.keySerde().deserializer(), input.valueSerde().deserializer(),
                    input.name());
            topology.addProcessor(VALIDATOR, () -> new ReadingValidator(ReadingDecoder.of(readings), meters), SOURCE);
            return topology;
        }
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Object> routed = builder.stream(input.name(),
                        Consumed.with(input.keySerde(), input.valueSerde()).withName(SOURCE))
                .process(() -> new PayloadKeyRouter(ReadingDecoder.of(readings), meters), Named.as(ROUTER));
        routed.filter((key, value) -> value instanceof DeadLetter, Named.as(ROUTER + "-unreadable"))
                .mapValues(value -> (DeadLetter) value, Named.as(ROUTER + "-as-dead-letter"))
                .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
                        topics.deadLetters().valueSerde()).withName(ROUTER_DEAD_LETTER_SINK));
        routed.filter((key, value) -> value instanceof byte[], Named.as(ROUTER + "-readable"))
                .mapValues(value -> (byte[]) value, Named.as(ROUTER + "-as-bytes"))
                .repartition(Repartitioned.<String, byte[]>as(REKEYED)
                        .withKeySerde(input.keySerde()).withValueSerde(input.valueSerde()))
                .process(() -> new ReadingValidator(ReadingDecoder.of(readings), meters), Named.as(VALIDATOR));
        return builder.build();
    }

    private static KeyValueBytesStoreSupplier supplier(String name, StoreKind kind) {
        return kind == StoreKind.PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
