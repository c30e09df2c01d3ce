package dev.vigil.it;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

import dev.vigil.app.VigilApp;
import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.ModelUpdate;
import dev.vigil.cli.VigilCommand;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.ModelLog;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** Avro readings in through a real broker, forecasts, anomaly events and dead letters out, read_committed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private KafkaFixture kafka;

    @BeforeAll
    void startBroker() {
        kafka = KafkaFixture.start(dir.resolve("broker"));
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldTurnReadingsIntoForecastsAnomaliesAndDeadLetters() {
        VigilConfig config = config("e2e");
        List<SimpleEntry<String, byte[]>> input = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            for (String sensor : List.of("pump-1", "pump-2", "fan-1")) {
                double spike = sensor.equals("pump-2") && step == 150 ? 90 : 0;
                input.add(new SimpleEntry<>(sensor, encoded(sensor, at(step), healthy(step) + spike)));
            }
        }
        input.add(new SimpleEntry<>("pump-1", "garbage".getBytes(StandardCharsets.UTF_8)));
        input.add(new SimpleEntry<>("pump-1", encoded("pump-1", at(500), Double.NaN)));
        input.add(new SimpleEntry<>("pump-1", encoded("pump-1", at(3), 20.0)));
        input.add(new SimpleEntry<>(null, encoded("pump-1", at(501), 20.0)));

        try (VigilApp app = VigilApp.start(config, TestModels.small());
             KafkaFixture.CommittedReader forecasts = kafka.reader(app.topics().forecasts().name());
             KafkaFixture.CommittedReader deadLetters = kafka.reader(app.topics().deadLetters().name());
             KafkaFixture.CommittedReader anomalies = kafka.reader(app.topics().anomalies().name())) {
            kafka.produce(app.topics().readings().name(), input);

            List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitCount(4, PATIENCE);
            List<ConsumerRecord<String, byte[]>> scored = forecasts.awaitCount(600, PATIENCE);
            List<ConsumerRecord<String, byte[]>> events = anomalies.awaitCount(1, PATIENCE);

            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(scored.size() + letters.size()).as("records in = forecasts + dead letters")
                    .isEqualTo(input.size());
            assertThat(letters).extracting(record -> decodeLetter(app, record).getReason())
                    .containsExactlyInAnyOrder(DeadLetterReason.UNDECODABLE, DeadLetterReason.NOT_FINITE,
                            DeadLetterReason.OUT_OF_ORDER, DeadLetterReason.NULL_KEY);
            AnomalyEvent opened = app.topics().anomalies().valueSerde().deserializer()
                    .deserialize(events.get(0).topic(), events.get(0).value());
            assertThat(opened.getSensorId()).isEqualTo("pump-2");
            assertThat(opened.getState()).isEqualTo(EpisodeState.OPENED);
            assertThat(opened.getStartedAt()).isEqualTo(at(150));
        }
    }

    @Test
    void shouldRetrainUnderLoadAndScoreWithTheNewVersionWithoutARestart() {
        Map<String, String> training = new HashMap<>(config("retrain").originalsStrings());
        training.put(VigilConfig.TRAIN_INTERVAL_MS, "2000");
        training.put(VigilConfig.TRAIN_MIN_SAMPLES, "16");
        training.put(VigilConfig.TRAIN_GATE_MARGIN, "0.0");
        VigilConfig config = VigilConfig.of(training);
        List<String> sensors = List.of("line-1", "line-2", "line-3", "line-4", "line-5", "line-6");

        try (VigilApp app = VigilApp.start(config, TestModels.small());
             KafkaFixture.CommittedReader forecasts = kafka.reader(app.topics().forecasts().name())) {
            long startingVersion = app.model().version();
            boolean swapped = false;
            int step = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            // a steady stream, as the demo's fleet publishes, until a forecast carries a retrained version
            while (!swapped && System.nanoTime() < deadline) {
                List<SimpleEntry<String, byte[]>> batch = new ArrayList<>();
                for (int end = step + 50; step < end; step++) {
                    for (int s = 0; s < sensors.size(); s++) {
                        double value = 50 + 10 * Math.sin(2 * Math.PI * step / (30.0 + 7 * s))
                                + 3 * ((step * 7919L + s * 104729L) % 97 / 97.0 - 0.5);
                        batch.add(new SimpleEntry<>(sensors.get(s), encoded(sensors.get(s), at(step), value)));
                    }
                }
                kafka.produce(app.topics().readings().name(), batch);
                forecasts.poll();
                swapped = forecasts.records().stream().anyMatch(record -> decodeForecast(app, record)
                        .getModelVersion() > startingVersion);
            }

            assertThat(swapped).as("a forecast from a retrained model").isTrue();
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.model().version()).isGreaterThan(startingVersion);
            NavigableMap<Long, ModelUpdate> versions = new ModelLog(app.bootstrapServers(), Map.of(),
                    app.topics().models().name()).read();
            ModelUpdate retrained = versions.get(startingVersion + 1);
            assertThat(retrained.getSource()).startsWith("retrain:from=v" + startingVersion);
            assertThat(retrained.getMetrics()).containsKeys("val_mse", "live_val_mse", "training_ms");
            assertThat(retrained.getMetrics().get("val_mse")).isLessThan(retrained.getMetrics().get("live_val_mse"));

            // an operator rolls back: the old weights come back as the newest version, still without a restart
            int exit = new CommandLine(new VigilCommand()).execute("models", "rollback",
                    String.valueOf(startingVersion), "--set", "bootstrap.servers=" + kafka.bootstrapServers(),
                    "--set", "topic.models=" + app.topics().models().name());
            assertThat(exit).isZero();
            long rolledBack = new ModelLog(app.bootstrapServers(), Map.of(), app.topics().models().name()).read()
                    .lastEntry().getValue().getVersion();
            await().atMost(PATIENCE).until(() -> app.model().version() == rolledBack);
            assertThat(new ModelLog(app.bootstrapServers(), Map.of(), app.topics().models().name()).read()
                    .get(rolledBack).getSource()).startsWith("rollback:to=v" + startingVersion);
        }
    }

    @Test
    void shouldRefuseToStartOnAModelsTopicThatIsNotCompacted() throws Exception {
        VigilConfig config = config("mismatch");
        try (Admin admin = Clients.admin(kafka.bootstrapServers(), Map.of())) {
            admin.createTopics(List.of(new NewTopic("mismatch-models", Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }

        assertThatThrownBy(() -> VigilApp.start(config, TestModels.small()))
                .isInstanceOf(TopicAdmin.TopicMismatchException.class)
                .hasMessageContaining("mismatch-models")
                .hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact");
    }

    private static Forecast decodeForecast(VigilApp app, ConsumerRecord<String, byte[]> record) {
        return app.topics().forecasts().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private DeadLetter decodeLetter(VigilApp app, ConsumerRecord<String, byte[]> record) {
        return app.topics().deadLetters().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private VigilConfig config(String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(VigilConfig.APPLICATION_ID, "vigil-" + name);
        settings.put(VigilConfig.STATE_DIR, dir.resolve("state-" + name).toString());
        settings.put(VigilConfig.WARMUP_STEPS, "40");
        settings.put(VigilConfig.TOPIC_PARTITIONS, "2");
        for (String topic : List.of(VigilConfig.TOPIC_READINGS, VigilConfig.TOPIC_FORECASTS,
                VigilConfig.TOPIC_ANOMALIES, VigilConfig.TOPIC_DEAD_LETTERS, VigilConfig.TOPIC_MODELS,
                VigilConfig.TOPIC_TRAINING_SAMPLES)) {
            settings.put(topic, name + "-" + topic.substring("topic.".length()).replace('.', '-'));
        }
        return VigilConfig.of(settings);
    }
}
