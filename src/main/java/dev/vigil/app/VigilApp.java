package dev.vigil.app;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.EmbeddedKafka;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.topology.ScoringTopology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
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
    private final ForecastModel model;

    private VigilApp(EmbeddedKafka broker, KafkaStreams streams, String bootstrapServers, Topics topics,
                     ForecastModel model) {
        this.broker = broker;
        this.streams = streams;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.model = model;
    }

    /** Starts everything, scoring with {@code model} on the configured engine. */
    public static VigilApp start(VigilConfig config, ForecastModel model) {
        return start(config, model, () -> model.newForecaster(config.inferenceEngine()));
    }

    /**
     * Starts everything, each stream task taking its forecaster from {@code forecasters} (the benchmark swaps in
     * a no-op one); on any failure stops what was started and rethrows.
     */
    public static VigilApp start(VigilConfig config, ForecastModel model, Supplier<Forecaster> forecasters) {
        return start(config, model, forecasters, new CompositeMeterRegistry());
    }

    /** Starts everything, the scoring processors counting into {@code registry} (the HTTP server's /metrics). */
    public static VigilApp start(VigilConfig config, ForecastModel model, MeterRegistry registry) {
        return start(config, model, () -> model.newForecaster(config.inferenceEngine()), registry);
    }

    private static VigilApp start(VigilConfig config, ForecastModel model, Supplier<Forecaster> forecasters,
                                  MeterRegistry registry) {
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
            KafkaStreams streams = new KafkaStreams(
                    ScoringTopology.build(config, forecasters, ScoringTopology.StoreKind.PERSISTENT, registry),
                    streamsProperties(config, bootstrap));
            streams.setUncaughtExceptionHandler(exception -> {
                LOG.error("stream thread failed; shutting this instance down", exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            return new VigilApp(broker, streams, bootstrap, topics, model);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    static Properties streamsProperties(VigilConfig config, String bootstrap) {
        Properties properties = Clients.properties(bootstrap, config.kafkaOverrides());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(VigilConfig.STREAM_THREADS));
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(VigilConfig.COMMIT_INTERVAL_MS));
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

    public ForecastModel model() {
        return model;
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
