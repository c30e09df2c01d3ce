package dev.vigil.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.function.Function;

import dev.vigil.avro.ModelUpdate;

import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.BoundedRocksDbMemory;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.ModelLog;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.LiveModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelSignature;
import dev.vigil.topology.ScoringTopology;
import dev.vigil.train.ReferenceModel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Vigil instance: the embedded broker when no cluster is configured, the topics checked or created,
 * and the scoring topology on Kafka Streams. {@link #close()} stops them in reverse order.
 */
public final class VigilApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VigilApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafka broker;
    private final KafkaStreams streams;
    private final String bootstrapServers;
    private final Topics topics;
    private final LiveModel live;

    private VigilApp(EmbeddedKafka broker, KafkaStreams streams, String bootstrapServers, Topics topics,
                     LiveModel live) {
        this.broker = broker;
        this.streams = streams;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.live = live;
    }

    /** Starts everything, on the configured engine; {@code seed} is the model used when the models topic has none. */
    public static VigilApp start(VigilConfig config, ModelUpdate seed) {
        return start(config, seed, model -> model.newForecaster(config.inferenceEngine()));
    }

    /** The same, seeding with a model that has no recorded origin (tests, benchmarks). */
    public static VigilApp start(VigilConfig config, ForecastModel seed) {
        return start(config, ModelCodec.toUpdate(seed, "seed", 0, Map.of()));
    }

    /**
     * Starts everything, each stream thread taking its forecaster of a model from {@code forecasters} (the
     * benchmark swaps in a no-op one); on any failure stops what was started and rethrows.
     */
    public static VigilApp start(VigilConfig config, ModelUpdate seed, Function<ForecastModel, Forecaster> forecasters) {
        return start(config, seed, forecasters, new CompositeMeterRegistry(), null);
    }

    /**
     * The same, telling {@code restores} about every store restored from its changelog before scoring resumes (the
     * benchmark times a restore with it).
     */
    public static VigilApp start(VigilConfig config, ModelUpdate seed, Function<ForecastModel, Forecaster> forecasters,
                                 StateRestoreListener restores) {
        return start(config, seed, forecasters, new CompositeMeterRegistry(), restores);
    }

    /** Starts everything, the scoring processors counting into {@code registry} (the HTTP server's /metrics). */
    public static VigilApp start(VigilConfig config, ModelUpdate seed, MeterRegistry registry) {
        return start(config, seed, model -> model.newForecaster(config.inferenceEngine()), registry, null);
    }

    /** The same, seeding with a model that has no recorded origin (tests). */
    public static VigilApp start(VigilConfig config, ForecastModel seed, MeterRegistry registry) {
        return start(config, ModelCodec.toUpdate(seed, "seed", 0, Map.of()), registry);
    }

    private static VigilApp start(VigilConfig config, ModelUpdate seed, Function<ForecastModel, Forecaster> forecasters,
                                  MeterRegistry registry, StateRestoreListener restores) {
        EmbeddedKafka broker = null;
        try {
            String bootstrap = config.bootstrapServers();
            if (bootstrap.isBlank()) {
                broker = EmbeddedKafka.start(config.embeddedKafkaDir());
                bootstrap = broker.bootstrapServers();
                LOG.info("embedded Kafka broker up at {} in {} ms", bootstrap, broker.startMillis());
            }
            Topics topics = Topics.from(config);
            try (Admin admin = Clients.admin(bootstrap, config.kafkaOverrides())) {
                List<String> created = TopicAdmin.ensure(admin, topics.requirements(config));
                if (!created.isEmpty()) {
                    LOG.info("created topics {}", created);
                }
            }
            ForecastModel starting = startingModel(config, bootstrap, topics, seed);
            // the models topic may hold another architecture than the seed: check the one that starts
            config.checkEngineCanStep(starting.spec());
            ForecastModel reference = ReferenceModel.load(config);
            if (reference != null) {
                LOG.info("detection judges the {} reference network ({} {}x{}), not the live model",
                        config.detectReference(), reference.spec().architecture().kind(), reference.spec().layers(),
                        reference.spec().units());
            }
            LiveModel live = new LiveModel(starting, forecasters, config.inferenceEngine(), reference);
            KafkaStreams streams = new KafkaStreams(
                    ScoringTopology.build(config, live, ScoringTopology.StoreKind.PERSISTENT,
                            ScoringTopology.TrainingMode.BACKGROUND, registry),
                    streamsProperties(config, bootstrap));
            streams.setUncaughtExceptionHandler(exception -> {
                LOG.error("stream thread failed; shutting this instance down", exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            if (restores != null) {
                streams.setGlobalStateRestoreListener(restores);
            }
            streams.start();
            return new VigilApp(broker, streams, bootstrap, topics, live);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * The newest trusted model on the models topic; when there is none, {@code seed}, published first (signed
     * when a key is set) so that every instance and {@code vigil models} see the same history.
     */
    private static ForecastModel startingModel(VigilConfig config, String bootstrap, Topics topics, ModelUpdate seed) {
        ModelLog log = new ModelLog(bootstrap, config.kafkaOverrides(), topics.models().name());
        NavigableMap<Long, ModelUpdate> versions = log.read();
        byte[] key = config.modelSigningKey();
        ModelUpdate newest = ModelSignature.newestTrusted(versions, key);
        if (newest != null) {
            LOG.info("model v{} from {} is live", newest.getVersion(), topics.models().name());
            return ModelCodec.fromUpdate(newest);
        }
        long version = versions.isEmpty() ? seed.getVersion() : versions.lastKey() + 1;
        ModelUpdate first = ModelUpdate.newBuilder(seed).setVersion(version).build();
        log.publish(key == null ? first : ModelSignature.sign(first, key));
        LOG.info("published the starting model as v{} to {}", version, topics.models().name());
        return ModelCodec.fromUpdate(first);
    }

    static Properties streamsProperties(VigilConfig config, String bootstrap) {
        Properties properties = Clients.properties(bootstrap, config.kafkaOverrides());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(VigilConfig.STREAM_THREADS));
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(VigilConfig.COMMIT_INTERVAL_MS));
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // one block cache and write-buffer budget for every store, sized from one setting (docs/decisions/0015)
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        properties.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, config.rocksDbMemoryBytes());
        properties.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                (int) config.getShort(VigilConfig.TOPIC_REPLICATION));
        if (!config.applicationServer().isEmpty()) {
            // published in the group's metadata: how the other instances find the owner of a sensor
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        }
        return properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Topics topics() {
        return topics;
    }

    /** The model scoring now (it changes when a retrained or rolled-back version goes live). */
    public ForecastModel model() {
        return live.current();
    }

    /** The running streams, for interactive queries and their metrics. */
    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Start-up time of the embedded broker, or -1 when running against an external cluster. */
    public long brokerStartMillis() {
        return broker == null ? -1 : broker.startMillis();
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        if (broker != null) {
            broker.close();
        }
    }
}
