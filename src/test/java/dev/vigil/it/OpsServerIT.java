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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.serve.OpsServer;
import dev.vigil.testing.ExternalTools;
import dev.vigil.testing.HttpProbe;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server against a real broker: health, metrics, the query API, routing between two instances. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsServerIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "fan-1", "fan-2", "valve-1", "valve-2");

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
    void shouldServeHealthMetricsSensorsAnomaliesModelsAndTheDashboard() throws IOException {
        VigilConfig config = config("ops", 0, "");
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        try (VigilApp app = VigilApp.start(config, TestModels.small(), registry);
             OpsServer server = OpsServer.start(config, app, registry)) {
            String base = server.url();
            kafka.produce(app.topics().readings().name(), readingsWithASpikeOn("pump-2"));

            await().atMost(PATIENCE).until(() -> HttpProbe.get(base + "health/ready").status() == 200);
            assertThat(HttpProbe.get(base + "health/live").json().get("streams").asText()).isEqualTo("RUNNING");
            await().atMost(PATIENCE).until(() -> HttpProbe.get(base + "api/fleet").json()
                    .get("readings_scored").asInt() == 600);
            // the lists are a snapshot of the store at most a second old
            await().atMost(PATIENCE).until(() -> HttpProbe.get(base + "api/anomalies").json().get("count").asInt() == 1
                    && HttpProbe.get(base + "api/fleet").json().get("sensors").asInt() == 3);

            JsonNode pump = HttpProbe.get(base + "api/sensors/pump-2").json();
            assertThat(pump.get("sensor_id").asText()).isEqualTo("pump-2");
            assertThat(pump.get("steps").asInt()).isEqualTo(200);
            assertThat(pump.get("forecast")).hasSize(TestModels.HORIZON);
            assertThat(pump.get("lower").get(0).asDouble()).isLessThan(pump.get("forecast").get(0).asDouble());
            assertThat(pump.get("upper").get(0).asDouble()).isGreaterThan(pump.get("forecast").get(0).asDouble());
            assertThat(pump.get("episode").get("id").asLong()).as("the spike opened an episode").isEqualTo(1);
            assertThat(pump.get("model_version").asLong()).isEqualTo(app.model().version());
            assertThat(HttpProbe.get(base + "api/sensors/nobody").status()).isEqualTo(404);

            JsonNode anomalies = HttpProbe.get(base + "api/anomalies").json();
            assertThat(anomalies.get("open")).extracting(a -> a.get("sensor_id").asText()).containsExactly("pump-2");

            String metrics = HttpProbe.get(base + "metrics").body();
            assertThat(metrics)
                    .contains("vigil_readings_scored_total 600.0")
                    .contains("vigil_dead_letters_total{reason=\"UNDECODABLE\"} 1.0")
                    .contains("vigil_anomalies_open 1.0")
                    .contains("vigil_model_version " + app.model().version() + ".0")
                    .contains("vigil_inference_seconds_bucket")
                    .contains("vigil_anomaly_episodes_total{transition=\"opened\"} 1.0")
                    .containsPattern("vigil_keys_resident \\d")
                    .as("Kafka Streams' own metrics through Micrometer's binder")
                    .contains("kafka_stream_thread_process_total");
            assertThat(grafanaMetricNames()).as("every metric the provisioned Grafana dashboard plots is served")
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(metrics).contains("\n" + name));

            JsonNode models = HttpProbe.get(base + "api/models").json();
            assertThat(models.get("live").get("version").asLong()).isEqualTo(app.model().version());
            assertThat(models.get("live").get("horizon").asInt()).isEqualTo(TestModels.HORIZON);
            assertThat(models.get("history")).as("the starting model, published to the models topic")
                    .anySatisfy(version -> assertThat(version.get("version").asLong()).isEqualTo(app.model().version()));

            HttpProbe.Answer page = HttpProbe.get(base);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Vigil</title>", "/dashboard/dashboard.js");
            assertThat(HttpProbe.get(base + "dashboard/dashboard.js").body()).contains("/api/anomalies");
            assertThat(HttpProbe.get(base + "dashboard/../../../../etc/passwd").status()).isEqualTo(404);
        }
    }

    @Test
    void shouldAnswerForEverySensorFromEitherInstanceWhenTwoShareTheWork() {
        int portA = HttpProbe.freePort();
        int portB = HttpProbe.freePort();
        VigilConfig configA = config("pair", portA, "localhost:" + portA);
        VigilConfig configB = config("pair", portB, "localhost:" + portB, "b");
        PrometheusMeterRegistry registryA = OpsServer.newRegistry();
        PrometheusMeterRegistry registryB = OpsServer.newRegistry();
        try (VigilApp appA = VigilApp.start(configA, TestModels.small(), registryA);
             OpsServer serverA = OpsServer.start(configA, appA, registryA);
             VigilApp appB = VigilApp.start(configB, TestModels.small(), registryB);
             OpsServer serverB = OpsServer.start(configB, appB, registryB)) {
            List<SimpleEntry<String, byte[]>> input = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                for (String sensor : SENSORS) {
                    input.add(new SimpleEntry<>(sensor, encoded(sensor, at(step), healthy(step))));
                }
            }
            kafka.produce(appA.topics().readings().name(), input);

            // while the two instances rebalance (more than once as the second joins) the stores are not queryable
            // and answers are 503: the checks are retried until the group has settled
            await().atMost(PATIENCE).untilAsserted(() -> {
                Set<String> localToA = localSensors(serverA);
                Set<String> localToB = localSensors(serverB);
                assertThat(localToA).as("both instances own some sensors (6 partitions over 2)").isNotEmpty();
                assertThat(localToB).isNotEmpty().doesNotContainAnyElementsOf(localToA);
                assertThat(localToA.size() + localToB.size()).isEqualTo(SENSORS.size());

                for (OpsServer asked : List.of(serverA, serverB)) {
                    for (String sensor : SENSORS) {
                        HttpProbe.Answer answer = HttpProbe.get(asked.url() + "api/sensors/" + sensor);
                        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                        assertThat(answer.json().get("sensor_id").asText()).isEqualTo(sensor);
                        assertThat(answer.json().get("steps").asInt()).isEqualTo(20);
                    }
                    JsonNode fleet = HttpProbe.get(asked.url() + "api/fleet").json();
                    assertThat(fleet.path("instances").asInt()).as(fleet.toString()).isEqualTo(2);
                    assertThat(fleet.path("sensors").asInt()).as(fleet.toString()).isEqualTo(SENSORS.size());
                    assertThat(HttpProbe.get(asked.url() + "api/sensors").json().path("total").asInt())
                            .isEqualTo(SENSORS.size());
                }
            });
        }
    }

    /** The metric names in docker/'s Grafana dashboard queries, e.g. vigil_readings_scored_total. */
    private static Set<String> grafanaMetricNames() throws IOException {
        String dashboard = Files.readString(ExternalTools.ROOT.resolve("docker/grafana/dashboards/vigil.json"));
        Set<String> names = new HashSet<>();
        Matcher matcher = Pattern.compile("\\b((?:vigil|kafka)_[a-z_]+)").matcher(dashboard);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> localSensors(OpsServer server) {
        HttpProbe.Answer answer = HttpProbe.get(server.url() + "api/sensors?scope=local");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        answer.json().forEach(sensor -> ids.add(sensor.get("sensor_id").asText()));
        return ids;
    }

    private static List<SimpleEntry<String, byte[]>> readingsWithASpikeOn(String spiked) {
        List<SimpleEntry<String, byte[]>> input = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            for (String sensor : List.of("pump-1", "pump-2", "fan-1")) {
                // late enough that the episode is still open at the end (it closes after 30 calm readings)
                double spike = sensor.equals(spiked) && step == 195 ? 90 : 0;
                input.add(new SimpleEntry<>(sensor, encoded(sensor, at(step), healthy(step) + spike)));
            }
        }
        input.add(new SimpleEntry<>("pump-1", "garbage".getBytes(StandardCharsets.UTF_8)));
        return input;
    }

    private VigilConfig config(String name, int httpPort, String applicationServer) {
        return config(name, httpPort, applicationServer, "a");
    }

    private VigilConfig config(String name, int httpPort, String applicationServer, String instance) {
        Map<String, String> settings = new HashMap<>();
        settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(VigilConfig.APPLICATION_ID, "vigil-" + name);
        settings.put(VigilConfig.STATE_DIR, dir.resolve("state-" + name + "-" + instance).toString());
        settings.put(VigilConfig.WARMUP_STEPS, "40");
        settings.put(VigilConfig.TOPIC_PARTITIONS, "6");
        settings.put(VigilConfig.HTTP_PORT, String.valueOf(httpPort));
        settings.put(VigilConfig.APPLICATION_SERVER, applicationServer);
        for (String topic : List.of(VigilConfig.TOPIC_READINGS, VigilConfig.TOPIC_FORECASTS,
                VigilConfig.TOPIC_ANOMALIES, VigilConfig.TOPIC_DEAD_LETTERS, VigilConfig.TOPIC_MODELS,
                VigilConfig.TOPIC_TRAINING_SAMPLES)) {
            settings.put(topic, name + "-" + topic.substring("topic.".length()).replace('.', '-'));
        }
        return VigilConfig.of(settings);
    }
}
