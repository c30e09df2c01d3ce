package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.vigil.config.VigilConfig;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the deployment files may put in Vigil's environment: {@code VIGIL_*} variables that name a Vigil setting,
 * {@code KAFKA_*} variables that name a Kafka client setting, and the two the runtime itself reads.
 */
final class EnvironmentContract {

    /** Read by the JVM and by OpenMP under ND4J, not by Vigil's config. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "OMP_NUM_THREADS", "MALLOC_ARENA_MAX");

    private EnvironmentContract() {
    }

    /** Fails naming each variable Vigil would not read, then loads the config from them (values checked too). */
    static VigilConfig assertVigilReadsEach(String where, Map<String, String> environment) {
        Set<String> kafkaSettings = kafkaClientSettings();
        assertThat(environment.keySet()).as(where + ": variables Vigil does not read").allSatisfy(name -> {
            if (RUNTIME_VARIABLES.contains(name)) {
                return;
            }
            if (name.startsWith("VIGIL_")) {
                assertThat(VigilConfig.names()).as(where + ": " + name).contains(dotted(name, "VIGIL_"));
            } else {
                assertThat(name).as(where + ": neither VIGIL_* nor KAFKA_*").startsWith("KAFKA_");
                assertThat(kafkaSettings).as(where + ": " + name + " is no Kafka client setting")
                        .contains(dotted(name, "KAFKA_"));
            }
        });
        return VigilConfig.load(null, environment, Map.of());
    }

    private static String dotted(String name, String prefix) {
        return name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Set<String> kafkaClientSettings() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}
