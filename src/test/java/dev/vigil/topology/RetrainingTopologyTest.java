package dev.vigil.topology;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.ModelUpdate;
import dev.vigil.avro.TrainingSample;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.ModelLog;
import dev.vigil.kafka.Topics;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.LiveModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelSignature;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The side topology: samples → reservoir → retrain → gate → models topic → global store → every scorer. */
class RetrainingTopologyTest {

    private static final String SIGNING_KEY = "test-signing-key";
    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "pump-3");
    /** Readings a day at {@link Fixtures#STEP}. */
    private static final int DAY = 288;
    /** A training window's readings at the shipped settings: 56 inputs and the 7 after the last. */
    private static final int WINDOW = 63;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, byte[]> readings;
    private TestInputTopic<String, byte[]> modelsIn;
    private TestOutputTopic<String, byte[]> modelsOut;
    private TestOutputTopic<String, Forecast> forecasts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, TrainingSample> samples;
    private LiveModel live;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldRetrainAtAStreamTimeTickPublishABetterModelAndScoreWithIt() {
        open(ScoringTopology.TrainingMode.INLINE, Map.of(VigilConfig.TRAIN_REPLAY_INTERVAL_MS, days(2)));

        pipe(0, 900);

        List<ModelUpdate> published = publishedModels();
        assertThat(published).isNotEmpty();
        ModelUpdate first = published.get(0);
        assertThat(first.getVersion()).isEqualTo(2);
        assertThat(first.getMetrics().get("val_mse")).isLessThan(first.getMetrics().get("live_val_mse"));
        assertThat(first.getSampleCount()).isPositive();
        assertThat(live.version()).isEqualTo(published.get(published.size() - 1).getVersion());
        forecasts.readValuesToList();
        pipe(900, 901);
        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(live.version());
    }

    @Test
    void shouldRetrainOnItsOwnThreadAtAWallClockTickAndPublishFromTheStreamThread() {
        open(ScoringTopology.TrainingMode.BACKGROUND, Map.of(VigilConfig.TRAIN_INTERVAL_MS, "60000"));
        pipe(0, 600);
        assertThat(modelsOut.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            return !modelsOut.isEmpty();
        });

        assertThat(publishedModels()).extracting(ModelUpdate::getVersion).containsExactly(2L);
        forecasts.readValuesToList();
        pipe(600, 601);
        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(2L);
    }

    @Test
    void shouldNotPublishACandidateThatDoesNotBeatTheLiveModel() {
        // a margin no fine-tuning can meet: every candidate is "not better", none may reach the scorers
        open(ScoringTopology.TrainingMode.INLINE, Map.of(VigilConfig.TRAIN_REPLAY_INTERVAL_MS, days(1),
                VigilConfig.TRAIN_GATE_MARGIN, "0.99"));

        pipe(0, 900);

        assertThat(modelsOut.isEmpty()).isTrue();
        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(1L);
    }

    @Test
    void shouldScoreWithAModelPublishedOnTheModelsTopic() {
        open(ScoringTopology.TrainingMode.BACKGROUND, Map.of());
        pipe(0, 100);

        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(1L);

        publish(ModelCodec.toUpdate(TestModels.other(7), "elsewhere", 1, Map.of()));
        pipe(100, 101);

        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsExactly(7L, 7L, 7L);
    }

    @Test
    void shouldRejectATamperedSignedUpdateAndKeepTheLiveModel() {
        open(ScoringTopology.TrainingMode.BACKGROUND, Map.of(VigilConfig.MODEL_SIGNING_KEY, SIGNING_KEY));
        pipe(0, 50);
        ModelUpdate signed = ModelSignature.sign(ModelCodec.toUpdate(TestModels.other(5), "elsewhere", 1, Map.of()),
                SIGNING_KEY.getBytes());
        ByteBuffer weights = signed.getModel();
        byte[] tampered = new byte[weights.remaining()];
        weights.duplicate().get(tampered);
        tampered[tampered.length / 2] ^= 1;
        signed.setModel(ByteBuffer.wrap(tampered));

        publish(signed);
        publish(ModelCodec.toUpdate(TestModels.other(6), "unsigned", 1, Map.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        pipe(50, 51);

        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(1L);
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).extracting(DeadLetter::getReason)
                .containsExactly(DeadLetterReason.UNVERIFIED_MODEL, DeadLetterReason.UNVERIFIED_MODEL);
        assertThat(letters.get(0).getDetail()).contains("version 5", "does not verify");
        assertThat(letters.get(1).getDetail()).contains("version 6", "not signed");
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(topics.models().name());

        // a verified one still goes live, and nothing is dead-lettered twice
        publish(ModelSignature.sign(ModelCodec.toUpdate(TestModels.other(8), "signed", 1, Map.of()),
                SIGNING_KEY.getBytes()));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        pipe(51, 52);
        assertThat(forecasts.readValuesToList()).extracting(Forecast::getModelVersion).containsOnly(8L);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRaiseNoMoreFlagsAfterASwapThanBefore() {
        open(ScoringTopology.TrainingMode.BACKGROUND, Map.of(VigilConfig.TRAIN_ENABLED, "false"));
        pipe(0, 400);
        forecasts.readValuesToList();
        pipe(400, 600);
        long before = flags(forecasts.readValuesToList());

        publish(ModelCodec.toUpdate(TestModels.other(2), "swap", 1, Map.of()));
        pipe(600, 800);
        List<Forecast> after = forecasts.readValuesToList();

        assertThat(after).extracting(Forecast::getModelVersion).containsOnly(2L);
        assertThat(flags(after)).isLessThanOrEqualTo(before);
    }

    @Test
    void shouldSendASeasonalModelNoWindowOfAKeyStillInItsFirstDay() {
        open(TestModels.untrainedSeasonal(1, 8), ScoringTopology.TrainingMode.BACKGROUND, Map.of());
        pipe(0, 600);

        // a day is 288 readings here; a window's first input step needs its day-ago values, 63 readings before its end
        List<TrainingSample> sent = samples.readValuesToList();
        assertThat(sent).isNotEmpty().allSatisfy(sample -> {
            assertThat(sample.getDayAgo()).isNotEmpty().doesNotContain(Float.NaN);
            assertThat(sample.getEventTime()).isAfterOrEqualTo(at(DAY + WINDOW - 1));
        });
    }

    @Test
    void shouldSendAPlainModelTheWindowsOfTheFirstDay() {
        open(TestModels.small(), ScoringTopology.TrainingMode.BACKGROUND, Map.of());
        pipe(0, DAY);

        assertThat(samples.readValuesToList()).isNotEmpty();
    }

    private static long flags(List<Forecast> forecasts) {
        return forecasts.stream().filter(Forecast::getAnomalyFlag).count();
    }

    private void open(ScoringTopology.TrainingMode mode, Map<String, String> overrides) {
        open(TestModels.small(), mode, overrides);
    }

    private void open(ForecastModel model, ScoringTopology.TrainingMode mode, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(VigilConfig.WARMUP_STEPS,
                String.valueOf(Fixtures.WARMUP), VigilConfig.TRAIN_MIN_SAMPLES, "16",
                // the mechanics under test, not the shipped margin: any clear improvement is published
                VigilConfig.TRAIN_GATE_MARGIN, "0.02",
                // every key re-warms on its first reading after a swap: paced, a slow or busy machine defers some
                // to the previous version by the wall clock (pacing has tests of its own)
                VigilConfig.MODEL_REWARM_SHARE, "1"));
        settings.putAll(overrides);
        VigilConfig config = VigilConfig.of(settings);
        topics = Topics.from(config);
        live = LiveModel.of(model, InferenceEngine.JAVA);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "retraining-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ScoringTopology.build(config, live, ScoringTopology.StoreKind.IN_MEMORY,
                mode), properties, Instant.EPOCH);
        readings = driver.createInputTopic(topics.readings().name(), topics.readings().keySerde().serializer(),
                topics.readings().valueSerde().serializer());
        modelsIn = driver.createInputTopic(topics.models().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        modelsOut = driver.createOutputTopic(topics.models().name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        forecasts = driver.createOutputTopic(topics.forecasts().name(), topics.forecasts().keySerde().deserializer(),
                topics.forecasts().valueSerde().deserializer());
        samples = driver.createOutputTopic(topics.trainingSamples().name(),
                topics.trainingSamples().keySerde().deserializer(), topics.trainingSamples().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    /** Steps {@code from..to} of every sensor: a noisy cycle of a shape of its own (stationary). */
    private void pipe(int from, int to) {
        for (int step = from; step < to; step++) {
            for (int s = 0; s < SENSORS.size(); s++) {
                String sensor = SENSORS.get(s);
                double value = 50 + 10 * Math.sin(2 * Math.PI * step / (30.0 + 11 * s))
                        + 3 * ((step * 7919L + s * 104729L) % 97 / 97.0 - 0.5);
                readings.pipeInput(sensor, encoded(sensor, at(step), value), at(step));
            }
        }
    }

    private void publish(ModelUpdate update) {
        modelsIn.pipeInput(ModelLog.key(update.getVersion()),
                new AvroSerde<ModelUpdate>(ModelUpdate.getClassSchema()).encode(update));
    }

    private List<ModelUpdate> publishedModels() {
        AvroSerde<ModelUpdate> serde = new AvroSerde<>(ModelUpdate.getClassSchema());
        return modelsOut.readRecordsToList().stream()
                .map(TestRecord::getValue)
                .filter(value -> value != null)
                .map(serde::decode)
                .toList();
    }

    private static String days(int days) {
        return String.valueOf(Duration.ofDays(days).toMillis());
    }

}
