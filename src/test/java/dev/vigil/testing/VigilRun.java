package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.avro.DeadLetter;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;

import org.apache.kafka.clients.admin.Admin;

/**
 * One application (its own id, topics and state directories) against a shared test broker, its instances run as
 * child JVMs ({@link VigilProcess}), with test-sized settings: a short warm-up and the given model file. Its
 * topics are created up front, so records can be produced before any instance starts.
 */
public final class VigilRun {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final KafkaFixture kafka;
    private final Path dir;
    private final String logName;
    private final String name;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Topics topics;

    /**
     * @param dir     where the state directories go: {@code state-<name>[-<instance>]}
     * @param test    the instances log to {@code target/it-logs/<test>-<name>[-<instance>].log}
     * @param name    names the application id and the topics, so runs on one broker do not meet
     * @param extra   settings on top of the test defaults (e.g. {@code topic.partitions})
     */
    public VigilRun(KafkaFixture kafka, Path dir, Path modelFile, String test, String name,
                    Map<String, String> extra) throws IOException {
        this.kafka = kafka;
        this.dir = dir;
        this.logName = test + "-" + name;
        this.name = name;
        settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(VigilConfig.APPLICATION_ID, "vigil-it-" + name);
        settings.put(VigilConfig.STATE_DIR, stateDir().toString());
        settings.put(VigilConfig.MODEL_FILE, modelFile.toString());
        settings.put(VigilConfig.WARMUP_STEPS, String.valueOf(Fixtures.WARMUP));
        settings.put(VigilConfig.TOPIC_READINGS, name + "-readings");
        settings.put(VigilConfig.TOPIC_FORECASTS, name + "-forecasts");
        settings.put(VigilConfig.TOPIC_ANOMALIES, name + "-anomalies");
        settings.put(VigilConfig.TOPIC_DEAD_LETTERS, name + "-dead-letters");
        settings.put(VigilConfig.TOPIC_MODELS, name + "-models");
        settings.put(VigilConfig.TOPIC_TRAINING_SAMPLES, name + "-training-samples");
        settings.putAll(extra);
        VigilConfig config = VigilConfig.of(settings);
        topics = Topics.from(config);
        try (Admin admin = Clients.admin(kafka.bootstrapServers(), Map.of())) {
            TopicAdmin.ensure(admin, topics.requirements(config));
        }
    }

    public Topics topics() {
        return topics;
    }

    public String applicationId() {
        return settings.get(VigilConfig.APPLICATION_ID);
    }

    /** The state directory of the instance {@link #start()} runs. */
    public Path stateDir() {
        return dir.resolve("state-" + name);
    }

    /** The one instance of this run, on {@link #stateDir()}. */
    public VigilProcess start() throws IOException {
        return VigilProcess.run(settings, log(logName));
    }

    /**
     * Another instance of the same application on this machine: its own state directory and log, and the settings
     * given (e.g. its {@code http.port}, or a {@code kafka.client.id} to tell it apart in the group).
     */
    public VigilProcess startInstance(String instance, Map<String, String> overrides) throws IOException {
        Map<String, String> own = new LinkedHashMap<>(settings);
        own.put(VigilConfig.STATE_DIR, dir.resolve("state-" + name + "-" + instance).toString());
        own.putAll(overrides);
        return VigilProcess.run(own, log(logName + "-" + instance));
    }

    /** Waits until everything in is out (forecasts + dead letters), then reads the anomalies too. */
    public CommittedOutputs awaitOutputs(int records) {
        try (KafkaFixture.CommittedReader forecasts = kafka.reader(topics.forecasts().name());
             KafkaFixture.CommittedReader deadLetters = kafka.reader(topics.deadLetters().name());
             KafkaFixture.CommittedReader anomalies = kafka.reader(topics.anomalies().name())) {
            await().atMost(PATIENCE).pollInterval(Duration.ZERO).untilAsserted(() ->
                    assertThat(forecasts.poll() + deadLetters.poll()).as("forecasts + dead letters committed")
                            .isGreaterThanOrEqualTo(records));
            // anomaly events commit in the same transactions as the forecasts: all there once these are, and
            // read once the reader has reached the topic's end (a first empty poll may only mean no assignment yet)
            anomalies.readToEnd(PATIENCE);
            assertThat(forecasts.poll() + deadLetters.poll()).as("records in = forecasts + dead letters")
                    .isEqualTo(records);
            return new CommittedOutputs(
                    CommittedOutputs.byKey(forecasts.records(),
                            topics.forecasts().valueSerde().deserializer()::deserialize),
                    CommittedOutputs.byKey(anomalies.records(),
                            topics.anomalies().valueSerde().deserializer()::deserialize),
                    deadLetters.records().stream()
                            .map(record -> topics.deadLetters().valueSerde().deserializer()
                                    .deserialize(record.topic(), record.value()))
                            .map(DeadLetter::getReason).toList());
        }
    }

    private static Path log(String name) throws IOException {
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.createDirectories(log.getParent());
        return log;
    }
}
