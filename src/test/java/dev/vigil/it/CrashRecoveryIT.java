package dev.vigil.it;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ModelCodec;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.VigilProcess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil against a real broker, in a child JVM, under exactly-once: a run killed with SIGKILL part-way and
 * restarted, and a run whose local state is wiped, must commit the same outputs as an uninterrupted run,
 * record for record per key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

    private static final int SENSORS = 60;
    private static final int STEPS = 500;
    private static final int SPIKE_STEP = 300;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private KafkaFixture kafka;
    private Path modelFile;
    private List<SimpleEntry<String, byte[]>> input;
    private Outputs reference;

    @BeforeAll
    void startBrokerAndRunTheReference() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("broker"));
        modelFile = dir.resolve("model.vgm");
        ModelCodec.write(ModelCodec.toUpdate(TestModels.small(), "it", 0, Map.of()), modelFile);
        input = input();

        Run a = new Run("reference");
        kafka.produce(a.topics.readings().name(), input);
        try (VigilProcess vigil = a.start()) {
            reference = a.awaitOutputs(input.size());
            vigil.stop();
        }
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCommitTheSameOutputsAfterAHardKillAndRestart() throws Exception {
        Run b = new Run("killed");
        kafka.produce(b.topics.readings().name(), input);
        int committedAtKill;
        try (VigilProcess vigil = b.start();
             KafkaFixture.CommittedReader progress = kafka.reader(b.topics.forecasts().name())) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> progress.poll() >= input.size() / 10);
            vigil.kill();
            committedAtKill = progress.poll();
        }
        assertThat(committedAtKill).as("the kill must land part-way through the input").isLessThan(input.size() - 1);

        try (VigilProcess vigil = b.start()) {
            Outputs restarted = b.awaitOutputs(input.size());
            vigil.stop();
            assertSameAsReference(restarted);
        }
    }

    @Test
    void shouldRestoreFromTheChangelogWhenTheLocalStateIsWiped() throws Exception {
        Run c = new Run("wiped");
        int half = SENSORS * (STEPS / 2);
        kafka.produce(c.topics.readings().name(), input.subList(0, half));
        try (VigilProcess vigil = c.start()) {
            c.awaitOutputs(half);
            vigil.stop();
        }
        Utils.delete(c.stateDir.toFile());
        assertThat(c.stateDir).doesNotExist();

        kafka.produce(c.topics.readings().name(), input.subList(half, input.size()));
        try (VigilProcess vigil = c.start()) {
            Outputs restored = c.awaitOutputs(input.size());
            vigil.stop();
            assertSameAsReference(restored);
        }
    }

    private void assertSameAsReference(Outputs outputs) {
        assertThat(outputs.forecasts.keySet()).isEqualTo(reference.forecasts.keySet());
        reference.forecasts.forEach((sensor, expected) ->
                assertThat(outputs.forecasts.get(sensor)).as("forecasts of %s", sensor).isEqualTo(expected));
        assertThat(outputs.anomalies).isEqualTo(reference.anomalies);
        assertThat(outputs.deadLetterReasons).isEqualTo(reference.deadLetterReasons);
        assertThat(reference.anomalies.values().stream().mapToInt(List::size).sum())
                .as("the input's spikes open episodes").isGreaterThan(0);
    }

    /** Every sensor's healthy series, a spike on every tenth sensor, and one corrupt record. */
    private static List<SimpleEntry<String, byte[]>> input() {
        List<SimpleEntry<String, byte[]>> records = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            for (int sensor = 0; sensor < SENSORS; sensor++) {
                String id = "sensor-" + sensor;
                double value = 10 * sensor + healthy(step + sensor)
                        + (sensor % 10 == 0 && step == SPIKE_STEP ? 80 : 0);
                records.add(new SimpleEntry<>(id, encoded(id, at(step), value)));
            }
            if (step == STEPS / 3) {
                records.add(new SimpleEntry<>("sensor-1", "corrupt".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    /** What a run committed, per key in order. */
    private record Outputs(Map<String, List<Forecast>> forecasts, Map<String, List<AnomalyEvent>> anomalies,
                           List<DeadLetterReason> deadLetterReasons) {
    }

    /** One application (its own id, topics and state directory) against the shared broker. */
    private final class Run {
        final Map<String, String> settings = new LinkedHashMap<>();
        final Topics topics;
        final Path stateDir;
        final Path log;

        Run(String name) throws IOException {
            stateDir = dir.resolve("state-" + name);
            log = Path.of("target", "it-logs", "crash-recovery-" + name + ".log");
            Files.createDirectories(log.getParent());
            settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            settings.put(VigilConfig.APPLICATION_ID, "vigil-it-" + name);
            settings.put(VigilConfig.STATE_DIR, stateDir.toString());
            settings.put(VigilConfig.MODEL_FILE, modelFile.toString());
            settings.put(VigilConfig.WARMUP_STEPS, "40");
            settings.put(VigilConfig.TOPIC_PARTITIONS, "3");
            settings.put(VigilConfig.TOPIC_READINGS, name + "-readings");
            settings.put(VigilConfig.TOPIC_FORECASTS, name + "-forecasts");
            settings.put(VigilConfig.TOPIC_ANOMALIES, name + "-anomalies");
            settings.put(VigilConfig.TOPIC_DEAD_LETTERS, name + "-dead-letters");
            settings.put(VigilConfig.TOPIC_MODELS, name + "-models");
            settings.put(VigilConfig.TOPIC_TRAINING_SAMPLES, name + "-training-samples");
            VigilConfig config = VigilConfig.of(settings);
            topics = Topics.from(config);
            try (Admin admin = Clients.admin(kafka.bootstrapServers(), Map.of())) {
                TopicAdmin.ensure(admin, topics.requirements(config));
            }
        }

        VigilProcess start() throws IOException {
            return VigilProcess.run(settings, log);
        }

        /** Waits until everything in is out (forecasts + dead letters), then reads the anomalies too. */
        Outputs awaitOutputs(int records) {
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
                return new Outputs(
                        byKey(forecasts.records(), topics.forecasts().valueSerde().deserializer()::deserialize,
                                topics.forecasts().name()),
                        byKey(anomalies.records(), topics.anomalies().valueSerde().deserializer()::deserialize,
                                topics.anomalies().name()),
                        deadLetters.records().stream()
                                .map(record -> topics.deadLetters().valueSerde().deserializer()
                                        .deserialize(record.topic(), record.value()))
                                .map(DeadLetter::getReason).toList());
            }
        }
    }

    private static <V> Map<String, List<V>> byKey(List<ConsumerRecord<String, byte[]>> records,
                                                   java.util.function.BiFunction<String, byte[], V> decode,
                                                   String topic) {
        Map<String, List<V>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(decode.apply(topic, record.value()));
        }
        return byKey;
    }
}
