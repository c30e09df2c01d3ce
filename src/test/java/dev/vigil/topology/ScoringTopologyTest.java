package dev.vigil.topology;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorReading;
import dev.vigil.avro.SensorState;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Topics;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.LiveModel;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;

class ScoringTopologyTest {

    private static final String SENSOR = "boiler-1";
    private static final int SPIKE_AT = 300;

    private VigilConfig config = Fixtures.config();
    private final Topics topics = Topics.from(config);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> readings;
    private TestOutputTopic<String, Forecast> forecasts;
    private TestOutputTopic<String, AnomalyEvent> anomalies;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        open(ScoringTopology.StoreKind.IN_MEMORY);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldPublishOneForecastOfHorizonStepsPerReading() {
        pipeHealthy(SENSOR, 0, 10);

        List<Forecast> out = forecasts.readValuesToList();
        assertThat(out).hasSize(10);
        assertThat(out.get(0).getExpected()).isNull();
        assertThat(out.get(1).getExpected()).isEqualTo(out.get(0).getForecast().get(0));
        assertThat(out).allSatisfy(forecast -> {
            assertThat(forecast.getForecast()).hasSize(config.horizon());
            assertThat(forecast.getAnomalyScore()).isBetween(0.0, 1.0);
            assertThat(forecast.getLower().get(0)).isLessThan(forecast.getUpper().get(0));
            assertThat(forecast.getModelVersion()).isEqualTo(TestModels.small().version());
        });
    }

    @Test
    void shouldRaiseNoFlagWhileASensorIsWarmingUp() {
        pipeHealthy(SENSOR, 0, 25);
        readings.pipeInput(SENSOR, encoded(SENSOR, at(25), 500.0));
        pipeHealthy(SENSOR, 26, Fixtures.WARMUP - 1);

        List<Forecast> out = forecasts.readValuesToList();
        assertThat(out).allSatisfy(forecast -> {
            assertThat(forecast.getWarmingUp()).isTrue();
            assertThat(forecast.getAnomalyFlag()).isFalse();
        });
        assertThat(out.get(25).getAnomalyScore()).as("the spike is still scored").isGreaterThan(0.99);
        assertThat(anomalies.isEmpty()).isTrue();
    }

    @Test
    void shouldFlagASpikeAfterWarmUpAndEmitOneEpisode() {
        pipeHealthy(SENSOR, 0, SPIKE_AT);
        readings.pipeInput(SENSOR, encoded(SENSOR, at(SPIKE_AT), healthy(SPIKE_AT) + 60));
        pipeHealthy(SENSOR, SPIKE_AT + 1, SPIKE_AT + 150);

        List<Forecast> out = forecasts.readValuesToList();
        assertThat(out.subList(Fixtures.WARMUP, SPIKE_AT)).as("healthy readings after warm-up")
                .noneMatch(Forecast::getAnomalyFlag);
        assertThat(out.get(SPIKE_AT).getAnomalyFlag()).isTrue();
        assertThat(out.get(SPIKE_AT).getWarmingUp()).isFalse();

        List<AnomalyEvent> events = anomalies.readValuesToList();
        assertThat(events).extracting(AnomalyEvent::getState)
                .containsExactly(EpisodeState.OPENED, EpisodeState.CLOSED);
        assertThat(events).extracting(AnomalyEvent::getEpisodeId).containsOnly(1L);
        assertThat(events.get(0).getStartedAt()).isEqualTo(at(SPIKE_AT));
        assertThat(events.get(0).getTriggerValue()).isEqualTo(healthy(SPIKE_AT) + 60);
        assertThat(events.get(1).getEndedAt()).isAfter(at(SPIKE_AT));
    }

    @Test
    void shouldKeepEachSensorsStateApart() {
        pipeHealthy("alone", 0, 100);
        List<Forecast> alone = forecasts.readValuesToList();

        for (int step = 0; step < 100; step++) {
            readings.pipeInput("other", encoded("other", at(step), 1000 - 3.0 * step));
            readings.pipeInput("together", encoded("together", at(step), healthy(step)));
        }
        List<Forecast> together = forecasts.readValuesToList().stream()
                .filter(forecast -> forecast.getSensorId().equals("together")).toList();

        assertThat(together).hasSize(100);
        for (int step = 0; step < 100; step++) {
            assertThat(together.get(step).getForecast()).isEqualTo(alone.get(step).getForecast());
            assertThat(together.get(step).getAnomalyScore()).isEqualTo(alone.get(step).getAnomalyScore());
        }
    }

    @Test
    void shouldCarryTheHiddenStateFromReadingToReading() {
        pipeHealthy(SENSOR, 0, 60);
        readings.pipeInput("newcomer", encoded("newcomer", at(60), healthy(60)));
        readings.pipeInput(SENSOR, encoded(SENSOR, at(60), healthy(60)));

        List<Forecast> out = forecasts.readValuesToList();
        Forecast newcomer = out.get(60);
        Forecast seasoned = out.get(61);
        assertThat(newcomer.getSensorId()).isEqualTo("newcomer");
        assertThat(seasoned.getValue()).isEqualTo(newcomer.getValue());
        assertThat(seasoned.getForecast()).isNotEqualTo(newcomer.getForecast());
    }

    @Test
    void shouldDeadLetterEachKindOfBadInputAndScoreTheRest() {
        pipeHealthy(SENSOR, 0, 5);
        readings.pipeInput(null, encoded(SENSOR, at(5), 1.0));
        readings.pipeInput(SENSOR, (byte[]) null);
        readings.pipeInput(SENSOR, "{\"sensor_id\":\"boiler-1\"}".getBytes(StandardCharsets.UTF_8));
        readings.pipeInput(SENSOR, Fixtures.encoded(SensorReading.newBuilder().setSensorId(SENSOR)
                .setEventTime(at(5)).setValue(null).build()));
        readings.pipeInput(SENSOR, encoded("someone-else", at(5), 1.0));
        readings.pipeInput(SENSOR, encoded(SENSOR, at(5), Double.NaN));
        readings.pipeInput(SENSOR, encoded(SENSOR, at(5), Double.POSITIVE_INFINITY));
        readings.pipeInput(SENSOR, encoded(SENSOR, at(1), 20.0));
        pipeHealthy(SENSOR, 5, 10);

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(
                DeadLetterReason.NULL_KEY, DeadLetterReason.NULL_VALUE, DeadLetterReason.UNDECODABLE,
                DeadLetterReason.MISSING_FIELD, DeadLetterReason.KEY_MISMATCH, DeadLetterReason.NOT_FINITE,
                DeadLetterReason.NOT_FINITE, DeadLetterReason.OUT_OF_ORDER);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(topics.readings().name());
            assertThat(letter.getDetail()).isNotBlank();
        });
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(letters.get(2).getOriginalValue().array())
                .isEqualTo("{\"sensor_id\":\"boiler-1\"}".getBytes(StandardCharsets.UTF_8));

        List<Forecast> out = forecasts.readValuesToList();
        long in = 5 + 8 + 5;
        assertThat(out.size() + letters.size()).as("every record in yields one forecast or one dead letter")
                .isEqualTo(in);
        assertThat(out).extracting(Forecast::getEventTime)
                .containsExactly(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9));
    }

    @Test
    void shouldLeaveTheStateUntouchedByAReadingOutOfOrder() {
        pipeHealthy("clean", 0, 30);
        pipeHealthy(SENSOR, 0, 20);
        readings.pipeInput(SENSOR, encoded(SENSOR, at(3), 999.0));
        pipeHealthy(SENSOR, 20, 30);
        List<Forecast> all = forecasts.readValuesToList();

        List<Forecast> clean = all.stream().filter(f -> f.getSensorId().equals("clean")).toList();
        List<Forecast> disturbed = all.stream().filter(f -> f.getSensorId().equals(SENSOR)).toList();
        assertThat(deadLetters.readValue().getReason()).isEqualTo(DeadLetterReason.OUT_OF_ORDER);
        assertThat(disturbed).extracting(Forecast::getForecast)
                .containsExactlyElementsOf(clean.stream().map(Forecast::getForecast).toList());
    }

    @Test
    void shouldContinueFromTheStoredStateAfterARestartOnTheSameStateDir() throws IOException {
        pipeHealthy(SENSOR, 0, 120);
        List<Forecast> uninterrupted = forecasts.readValuesToList();
        driver.close();

        open(ScoringTopology.StoreKind.PERSISTENT);
        pipeHealthy(SENSOR, 0, 70);
        List<Forecast> firstRun = forecasts.readValuesToList();
        // The driver wipes its state directory on close; keep the on-disk RocksDB state as a stopped
        // instance would leave it, and put it back for the next run.
        Path saved = Files.createTempDirectory("vigil-saved-state");
        Fixtures.copyTree(stateDir, saved);
        driver.close();
        Fixtures.copyTree(saved, stateDir);
        Utils.delete(saved.toFile());

        open(ScoringTopology.StoreKind.PERSISTENT);
        pipeHealthy(SENSOR, 70, 120);
        List<Forecast> secondRun = forecasts.readValuesToList();

        assertThat(secondRun.get(0).getExpected()).as("the restarted run remembers the last forecast")
                .isEqualTo(firstRun.get(69).getForecast().get(0));
        List<Forecast> restarted = new ArrayList<>(firstRun);
        restarted.addAll(secondRun);
        assertThat(restarted).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void shouldEvictSensorsThatWentSilentAndStartThemAfreshWhenTheyReturn() {
        driver.close();
        config = VigilConfig.of(Map.of(VigilConfig.WARMUP_STEPS, String.valueOf(Fixtures.WARMUP),
                VigilConfig.IDLE_TTL_MS, String.valueOf(Duration.ofHours(1).toMillis()),
                VigilConfig.EVICTION_INTERVAL_MS, String.valueOf(Duration.ofMinutes(5).toMillis()),
                VigilConfig.EVICTION_SLICE, "2"));
        open(ScoringTopology.StoreKind.IN_MEMORY);
        for (String sensor : List.of("quiet-1", "quiet-2", "quiet-3")) {
            pipeHealthy(sensor, 0, 10);
        }
        pipeHealthy(SENSOR, 0, 40);
        KeyValueStore<String, SensorState> store = driver.getKeyValueStore(ScoringTopology.STATE_STORE);

        assertThat(keys(store)).containsExactly(SENSOR);

        forecasts.readValuesToList();
        readings.pipeInput("quiet-1", encoded("quiet-1", at(40), healthy(40)), at(40));
        Forecast returned = forecasts.readValue();
        assertThat(returned.getExpected()).as("a returning sensor starts from nothing").isNull();
        assertThat(store.get("quiet-1").getSteps()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheOlderValuesOfADayInBlocksAndForgetThemWithTheSensor() {
        driver.close();
        config = VigilConfig.of(Map.of(VigilConfig.WARMUP_STEPS, String.valueOf(Fixtures.WARMUP),
                VigilConfig.IDLE_TTL_MS, String.valueOf(Duration.ofHours(1).toMillis()),
                VigilConfig.EVICTION_INTERVAL_MS, String.valueOf(Duration.ofMinutes(5).toMillis())));
        open(ScoringTopology.StoreKind.IN_MEMORY);
        KeyValueStore<String, byte[]> days = driver.getKeyValueStore(ScoringTopology.DAY_STORE);

        pipeHealthy("quiet", 0, 200);
        assertThat(keys(days)).as("three full blocks of 64 values").containsExactlyInAnyOrder(
                DayBlockStore.key("quiet", 0), DayBlockStore.key("quiet", 1), DayBlockStore.key("quiet", 2));

        pipeHealthy(SENSOR, 200, 230);
        assertThat(keys(driver.getKeyValueStore(ScoringTopology.STATE_STORE))).containsExactly(SENSOR);
        assertThat(keys(days)).as("the silent sensor's blocks went with it").isEmpty();
    }

    @Test
    void shouldKeepEachSensorsStateSmall() {
        pipeHealthy(SENSOR, 0, 300);
        KeyValueStore<String, SensorState> store = driver.getKeyValueStore(ScoringTopology.STATE_STORE);

        byte[] stored = new AvroSerde<SensorState>(SensorState.getClassSchema()).encode(store.get(SENSOR));
        int lstm = 2 * TestModels.small().spec().layers() * TestModels.small().spec().units() * Float.BYTES;
        int recent = config.scoring().recentWindow() * Double.BYTES;
        // the error signal's short window; the drift signal reads the recent values and keeps no window of its own
        int errors = config.scoring().shortWindow() * Double.BYTES;
        // the forecast combiner: 20 sums, 6 numbers for each of the last H readings, the autoregression's 19
        int combiner = (20 + 6 * config.horizon() + 19) * Double.BYTES;
        // of the day-ago inputs' memory, the values of the block being filled (the rest is in the day store)
        SensorState state = store.get(SENSOR);
        assertThat(state.getDay().getRowsPerDay()).as("readings a day, from the readings' interval").isPositive();
        int day = 64 * Float.BYTES;
        assertThat(stored.length).as("bytes per sensor").isLessThan(lstm + recent + errors + combiner + day + 400);
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /**
     * The restart test copies RocksDB's files while the store is open; a background compaction deleting an SST
     * file mid-copy would make that copy fail at random. With none running, the idle driver's files stand still.
     */
    public static final class NoBackgroundCompaction implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            options.setDisableAutoCompactions(true);
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }

    private void open(ScoringTopology.StoreKind storeKind) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, NoBackgroundCompaction.class);
        driver = new TopologyTestDriver(ScoringTopology.build(config,
                LiveModel.of(TestModels.small(), InferenceEngine.JAVA), storeKind,
                ScoringTopology.TrainingMode.INLINE), properties, Instant.EPOCH);
        readings = driver.createInputTopic(topics.readings().name(), topics.readings().keySerde().serializer(),
                topics.readings().valueSerde().serializer());
        forecasts = driver.createOutputTopic(topics.forecasts().name(), topics.forecasts().keySerde().deserializer(),
                topics.forecasts().valueSerde().deserializer());
        anomalies = driver.createOutputTopic(topics.anomalies().name(), topics.anomalies().keySerde().deserializer(),
                topics.anomalies().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                topics.deadLetters().keySerde().deserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    private void pipeHealthy(String sensor, int from, int to) {
        for (int step = from; step < to; step++) {
            readings.pipeInput(sensor, encoded(sensor, at(step), healthy(step)), at(step));
        }
    }
}
