package dev.vigil.topology;

import java.util.function.Supplier;

import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.Topics;
import dev.vigil.model.Forecaster;
import dev.vigil.score.SensorScorer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The scoring topology: readings → validate → score (per key, state in a changelogged store) → forecasts,
 * anomaly events, dead letters. A pure function of its arguments; starting and stopping it is the caller's.
 */
public final class ScoringTopology {

    public static final String STATE_STORE = "sensor-state";

    static final String SOURCE = "readings";
    static final String VALIDATOR = "validate";
    static final String SCORER = "score";
    static final String FORECAST_SINK = "forecasts";
    static final String ANOMALY_SINK = "anomalies";
    static final String DEAD_LETTER_SINK = "dead-letters";

    /** Where the per-key state lives: RocksDB in production, memory for replay and tests (both changelogged). */
    public enum StoreKind { PERSISTENT, IN_MEMORY }

    private ScoringTopology() {
    }

    public static Topology build(VigilConfig config, Supplier<Forecaster> forecasters, StoreKind storeKind) {
        // a composite with no registries behind it: every meter is a no-op
        return build(config, forecasters, storeKind, new CompositeMeterRegistry());
    }

    /** The topology, its processors counting readings, dead letters, episodes and inference time in {@code registry}. */
    public static Topology build(VigilConfig config, Supplier<Forecaster> forecasters, StoreKind storeKind,
                                 MeterRegistry registry) {
        ScoringMeters meters = ScoringMeters.register(registry);
        Topics topics = Topics.from(config);
        EvictionSettings eviction = config.eviction();
        KeyValueBytesStoreSupplier storeSupplier = storeKind == StoreKind.PERSISTENT
                ? Stores.persistentKeyValueStore(STATE_STORE)
                : Stores.inMemoryKeyValueStore(STATE_STORE);
        SensorScorer scorer = new SensorScorer(config.scoring());

        Topology topology = new Topology();
        topology.addSource(SOURCE, topics.readings().keySerde().deserializer(),
                topics.readings().valueSerde().deserializer(), topics.readings().name());
        topology.addProcessor(VALIDATOR, () -> new ReadingValidator(Topics.readingSerde(), meters), SOURCE);
        topology.addProcessor(SCORER, () -> new SensorScoringProcessor(scorer, forecasters, eviction, meters), VALIDATOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(storeSupplier, Serdes.String(),
                new AvroSerde<SensorState>(SensorState.getClassSchema())), SCORER);
        topology.addSink(FORECAST_SINK, topics.forecasts().name(), topics.forecasts().keySerde().serializer(),
                topics.forecasts().valueSerde().serializer(), SCORER);
        topology.addSink(ANOMALY_SINK, topics.anomalies().name(), topics.anomalies().keySerde().serializer(),
                topics.anomalies().valueSerde().serializer(), SCORER);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters().name(), topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(), VALIDATOR, SCORER);
        return topology;
    }
}
