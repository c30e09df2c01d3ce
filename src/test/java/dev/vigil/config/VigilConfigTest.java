package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetTheEnvironmentOverrideTheFileAndFlagsOverrideBoth() throws IOException {
        Path file = dir.resolve("vigil.properties");
        Files.writeString(file, "forecast.horizon=5\ndetect.warmup.steps=10\ntopic.readings=from-file\n");

        VigilConfig config = VigilConfig.load(file,
                Map.of("VIGIL_DETECT_WARMUP_STEPS", "20", "VIGIL_TOPIC_READINGS", "from-env", "PATH", "/bin",
                        "VIGIL_JAVA_OPTS", "-Xmx2g"),
                Map.of(VigilConfig.TOPIC_READINGS, "from-flag"));

        assertThat(config.horizon()).isEqualTo(5);
        assertThat(config.scoring().warmupSteps()).isEqualTo(20);
        assertThat(config.getString(VigilConfig.TOPIC_READINGS)).isEqualTo("from-flag");
    }

    @Test
    void shouldPassKafkaClientSettingsThrough() {
        VigilConfig config = VigilConfig.load(null, Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("kafka.sasl.mechanism", "PLAIN"));

        assertThat(config.kafkaOverrides())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void shouldNameABadValueAtStartUp() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.FORECAST_HORIZON, "seven")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("forecast.horizon")
                .hasMessageContaining("seven");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.FLAG_THRESHOLD, "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("detect.flag.threshold");
    }

    @Test
    void shouldRefuseAnUnknownSetting() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of("forecast.horizn", "7")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("forecast.horizn")
                .hasMessageContaining("unknown setting");
    }

    @Test
    void shouldReadTheHttpPortAndApplicationServerFromTheEnvironment() {
        VigilConfig config = VigilConfig.load(null,
                Map.of("VIGIL_HTTP_PORT", "9090", "VIGIL_APPLICATION_SERVER", "vigil-1.vigil:9090"), Map.of());

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.applicationServer()).isEqualTo("vigil-1.vigil:9090");
    }

    @Test
    void shouldRefuseAnApplicationServerThatIsNotHostAndPort() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.APPLICATION_SERVER, "vigil-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.server")
                .hasMessageContaining("host:port");
    }

    @Test
    void shouldRefuseAnApplicationServerOnAnotherPortThanTheHttpServer() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.APPLICATION_SERVER, "vigil-1:9000",
                VigilConfig.HTTP_PORT, "8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port (8080)");
    }
}
