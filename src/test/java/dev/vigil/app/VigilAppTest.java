package dev.vigil.app;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Topics;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.LiveModel;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;
import dev.vigil.topology.ScoringTopology;

import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilAppTest {

    private static final long BOUND = 48L * 1024 * 1024;
    private static final List<String> SENSORS = List.of("boiler-1", "boiler-2", "boiler-3");

    @TempDir
    Path stateDir;

    @Test
    void shouldHandKafkaStreamsTheGuaranteeThreadsAndStandbyReplicasConfigured() {
        VigilConfig config = VigilConfig.of(Map.of(VigilConfig.STANDBY_REPLICAS, "1", VigilConfig.STREAM_THREADS, "2",
                "kafka.security.protocol", "SSL"));

        Properties properties = VigilApp.streamsProperties(config, "broker-1:9092");

        assertThat(properties)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9092");
        assertThat(VigilApp.streamsProperties(VigilConfig.defaults(), "broker-1:9092"))
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    }

    @Test
    void shouldOpenEveryRocksDbStoreOnOneCacheOfTheConfiguredSize() {
        try (TopologyTestDriver driver = driver()) {
            pipeReadings(driver);

            Map<String, Double> capacities = rocksDbMetric(driver, "block-cache-capacity");
            assertThat(capacities).containsKey(ScoringTopology.STATE_STORE);
            assertThat(capacities.values()).as("every store reports the one shared cache").containsOnly((double) BOUND);
            assertThat(rocksDbMetric(driver, "block-cache-usage").values())
                    .allSatisfy(usage -> assertThat(usage).isPositive().isLessThanOrEqualTo((double) BOUND));
        }
    }

    @Test
    void shouldKeepTheSharedCacheForTheNextStoresWhenTheFirstOnesClose() {
        try (TopologyTestDriver first = driver()) {
            pipeReadings(first);
        }
        try (TopologyTestDriver second = driver()) {
            pipeReadings(second);

            assertThat(SENSORS).allSatisfy(sensor -> assertThat(
                    second.getKeyValueStore(ScoringTopology.STATE_STORE).get(sensor)).as(sensor).isNotNull());
            assertThat(rocksDbMetric(second, "block-cache-usage").get(ScoringTopology.STATE_STORE)).isPositive();
        }
    }

    /** The scoring topology on real RocksDB stores, with the Streams properties an instance gets. */
    private TopologyTestDriver driver() {
        VigilConfig config = Fixtures.config().with(Map.of(VigilConfig.ROCKSDB_MEMORY_BYTES, String.valueOf(BOUND),
                VigilConfig.STATE_DIR, stateDir.toString()));
        Properties properties = VigilApp.streamsProperties(config, "unused:9092");
        return new TopologyTestDriver(ScoringTopology.build(config,
                LiveModel.of(TestModels.small(), InferenceEngine.JAVA), ScoringTopology.StoreKind.PERSISTENT,
                ScoringTopology.TrainingMode.INLINE), properties, Instant.EPOCH);
    }

    private static void pipeReadings(TopologyTestDriver driver) {
        Topics topics = Topics.from(Fixtures.config());
        TestInputTopic<String, byte[]> readings = driver.createInputTopic(topics.readings().name(),
                topics.readings().keySerde().serializer(), topics.readings().valueSerde().serializer());
        for (String sensor : SENSORS) {
            for (int step = 0; step < 20; step++) {
                readings.pipeInput(sensor, encoded(sensor, at(step), healthy(step)), at(step));
            }
        }
    }

    /** A RocksDB property metric of Kafka Streams (KIP-607), by store name. */
    private static Map<String, Double> rocksDbMetric(TopologyTestDriver driver, String name) {
        Map<String, Double> byStore = new HashMap<>();
        for (Map.Entry<?, ? extends Metric> entry : driver.metrics().entrySet()) {
            Metric metric = entry.getValue();
            if (metric.metricName().name().equals(name) && metric.metricName().tags().containsKey("rocksdb-state-id")) {
                byStore.put(metric.metricName().tags().get("rocksdb-state-id"),
                        ((Number) metric.metricValue()).doubleValue());
            }
        }
        return byStore;
    }
}
