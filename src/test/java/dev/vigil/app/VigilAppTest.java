package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import dev.vigil.config.VigilConfig;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class VigilAppTest {

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
}
