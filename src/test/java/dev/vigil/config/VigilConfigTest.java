package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.vigil.format.JsonReadingFields;
import dev.vigil.format.KeySource;
import dev.vigil.format.ReadingSettings;
import dev.vigil.format.WireFormat;
import dev.vigil.model.Architecture;
import dev.vigil.model.ModelSpec;

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
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.ROCKSDB_MEMORY_BYTES, "1000000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.rocksdb.memory.bytes")
                .hasMessageContaining("1000000");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.SEASON_WINDOW, "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("detect.season.window")
                .hasMessageContaining("state.recent.window (64)");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.DETECT_REFERENCE, "no-such-model.vgm")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("detect.reference")
                .hasMessageContaining("no-such-model.vgm")
                .hasMessageContaining("neither live, shipped nor a model file");
        assertThat(VigilConfig.of(Map.of(VigilConfig.DETECT_REFERENCE, " Shipped ")).detectReference())
                .isEqualTo("shipped");
    }

    @Test
    void shouldReadTheFormatsAndJsonFieldsFromTheEnvironment() {
        VigilConfig config = VigilConfig.load(null, Map.of("VIGIL_FORMAT_READINGS", "JSON", "VIGIL_READINGS_KEY", "payload",
                "VIGIL_FORMAT_OUTPUTS", "json", "VIGIL_READINGS_JSON_VALUE_FIELD", "/payload/temp"), Map.of());

        assertThat(config.readings().format()).isEqualTo(WireFormat.JSON);
        assertThat(config.readings().keySource()).isEqualTo(KeySource.PAYLOAD);
        assertThat(config.readings().jsonFields()).isEqualTo(new JsonReadingFields("sensor_id", "timestamp",
                "/payload/temp"));
        assertThat(config.outputFormat()).isEqualTo(WireFormat.JSON);
        assertThat(VigilConfig.defaults().readings()).isEqualTo(ReadingSettings.avroKeyedBySensor());
    }

    @Test
    void shouldNameABadFormatOrJsonFieldAtStartUp() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.FORMAT_READINGS, "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("format.readings")
                .hasMessageContaining("xml");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.READINGS_KEY, "header")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("readings.key");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.JSON_VALUE_FIELD, "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("readings.json.value.field");
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.JSON_VALUE_FIELD, "sensor_id")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("readings.json.value.field")
                .hasMessageContaining("must differ");
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

    @Test
    void shouldKeepNoStandbyReplicaUnlessAskedAndReadTheCountFromTheEnvironment() {
        assertThat(VigilConfig.defaults().standbyReplicas()).isZero();
        assertThat(VigilConfig.load(null, Map.of("VIGIL_STREAMS_STANDBY_REPLICAS", "1"), Map.of()).standbyReplicas())
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseANegativeStandbyCountAndKafkaStreamsOwnNameForIt() {
        assertThatThrownBy(() -> VigilConfig.of(Map.of(VigilConfig.STANDBY_REPLICAS, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams.standby.replicas");
        assertThatThrownBy(() -> VigilConfig.load(null, Map.of("KAFKA_NUM_STANDBY_REPLICAS", "1"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.num.standby.replicas")
                .hasMessageContaining("set streams.standby.replicas instead");
    }

    @Test
    void shouldRefuseAnEngineThatCannotStepTheStartingModelNamingTheSetting() {
        ModelSpec gru = new ModelSpec(2, Architecture.GRU, 1, 8, 12, true);
        VigilConfig dl4j = VigilConfig.of(Map.of(VigilConfig.INFERENCE_ENGINE, "dl4j"));

        assertThatThrownBy(() -> dl4j.checkEngineCanStep(gru))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(VigilConfig.INFERENCE_ENGINE)
                .hasMessageContaining("gru")
                .hasMessageContaining("inference.engine=java");
        VigilConfig.of(Map.of()).checkEngineCanStep(gru);
        dl4j.checkEngineCanStep(new ModelSpec(2, Architecture.LSTM, 1, 8, 12, true));
    }
}
