package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.demo.FleetProducer;
import dev.vigil.demo.SensorFleet;
import dev.vigil.serve.OpsServer;
import dev.vigil.testing.ExternalTools;
import dev.vigil.testing.HttpProbe;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by playwright-core from
 * src/test/node/dashboard.mjs) against Vigil scoring the demo's simulated fleet: the page loads, shows every
 * sensor and at least one flagged anomaly. The screenshot is kept at {@code target/dashboard.png}.
 */
class DashboardIT {

    private static final int SENSORS = 40;
    private static final int WARMUP = 40;
    private static final Path SCREENSHOT = ExternalTools.ROOT.resolve("target/dashboard.png");

    @TempDir
    Path dir;

    @Test
    void shouldShowTheDemoFleetAndAFlaggedAnomalyInABrowser() throws Exception {
        ExternalTools.assumeNodePackages();
        ExternalTools.assume(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium (apt-get install chromium)");
        Files.deleteIfExists(SCREENSHOT);

        // half the sensors get an anomaly after warm-up; at 4 readings/s per sensor an episode stays open at least
        // 7.5 s (30 calm readings close it, set below), and a new one starts every few seconds for two minutes, so
        // one is open whenever a slow browser start gets to the page
        SensorFleet fleet = new SensorFleet(SENSORS, 7, 0.5, WARMUP + 10, WARMUP + 500);
        try (KafkaFixture kafka = KafkaFixture.start(dir.resolve("broker"))) {
            VigilConfig config = config(kafka);
            PrometheusMeterRegistry registry = OpsServer.newRegistry();
            try (VigilApp app = VigilApp.start(config, TestModels.small(), registry);
                 OpsServer server = OpsServer.start(config, app, registry)) {
                FleetProducer producer = new FleetProducer(fleet, kafka.bootstrapServers(), Map.of(),
                        app.topics().readings().name(), SENSORS * 4.0, 0);
                Thread producing = new Thread(producer, "dashboard-it-fleet");
                producing.start();
                try {
                    // the browser comes once there is something to flag, so the check does not race the fleet
                    await().atMost(Duration.ofMinutes(2)).until(() -> HttpProbe.get(server.url() + "api/anomalies")
                            .json().path("count").asInt() > 0);
                    ExternalTools.Result browser = ExternalTools.run(ExternalTools.NODE_DIR, Duration.ofMinutes(3),
                            "node", "dashboard.mjs", server.url(), SCREENSHOT.toString(), String.valueOf(SENSORS));
                    assertThat(browser.exitCode()).as(browser.output() + browser.errors()).isZero();
                    assertThat(browser.output()).contains("\"sensors\":" + SENSORS);
                } finally {
                    producer.stop();
                    producing.join();
                }
            }
        }
        assertThat(isPng(SCREENSHOT)).as("screenshot at " + SCREENSHOT).isTrue();
    }

    private static boolean isPng(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }

    private VigilConfig config(KafkaFixture kafka) {
        Map<String, String> settings = new HashMap<>();
        settings.put(VigilConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(VigilConfig.STATE_DIR, dir.resolve("state").toString());
        settings.put(VigilConfig.WARMUP_STEPS, String.valueOf(WARMUP));
        settings.put(VigilConfig.TOPIC_PARTITIONS, "2");
        settings.put(VigilConfig.HTTP_PORT, "0");
        settings.put(VigilConfig.PROCESSING_GUARANTEE, "at_least_once");
        // the broker is this test's own, so the default topic names are too; retraining is not what it checks
        settings.put(VigilConfig.TRAIN_ENABLED, "false");
        // episodes long enough for the browser to see one open (the shipped 10 calm readings close in 2.5 s here)
        settings.put(VigilConfig.EPISODE_CLOSE_AFTER, "30");
        return VigilConfig.of(settings);
    }
}
