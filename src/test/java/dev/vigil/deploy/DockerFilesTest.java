package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.config.VigilConfig;
import dev.vigil.testing.ExternalTools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** docker/ checked without a Docker engine: what it sets is what Vigil reads, and the files are well formed. */
class DockerFilesTest {

    private static final Path DOCKER = ExternalTools.ROOT.resolve("docker");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void shouldSetOnlyVariablesVigilReadsInTheImage() throws IOException {
        VigilConfig config = EnvironmentContract.assertVigilReadsEach("Dockerfile", dockerfileEnvironment());

        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.stateDir()).startsWithRaw(Path.of("/var/lib/vigil"));
        assertThat(config.modelCacheDir()).startsWithRaw(Path.of("/var/lib/vigil"));
    }

    @Test
    void shouldRunAsAnUnprivilegedUserWithDependenciesBelowTheApplicationAndAHeapShare() throws IOException {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages).as("multi-stage").hasSize(2);
        assertThat(lines).filteredOn(line -> line.startsWith("USER ")).containsExactly("USER 10001");
        assertThat(indexOf(lines, "COPY pom.xml")).as("dependencies resolved before the sources are copied")
                .isLessThan(indexOf(lines, "COPY src/main"));
        assertThat(indexOf(lines, "COPY --from=build /src/target/lib/")).as("dependency layer below the app's")
                .isLessThan(indexOf(lines, "COPY --from=build /src/target/vigil-"));
        assertThat(dockerfileEnvironment().get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
    }

    @Test
    void shouldStartTheJvmWithTheVectorModuleForTheLstmStep() throws IOException {
        List<String> command = entrypoint();

        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command.get(1)).isEqualTo("--add-modules=jdk.incubator.vector");
        assertThat(command.get(command.size() - 1)).isEqualTo("dev.vigil.cli.VigilCommand");
    }

    @Test
    void shouldKeepTheTrainersLstmForwardFromTheJitInTheImageAsInTheLauncher() throws IOException {
        // minutes into a run, C2 spent 1-2.6 s of a core compiling it beside the stream thread (decision 0030)
        String exclude = "-XX:CompileCommand=exclude,org/deeplearning4j/nn/layers/recurrent/LSTMHelpers.activateHelper";
        List<String> command = entrypoint();
        String launcher = Files.readString(ExternalTools.ROOT.resolve("vigil"));

        assertThat(command).contains("-XX:CompileCommand=quiet", exclude);
        assertThat(launcher).contains("-XX:CompileCommand=quiet " + exclude);
    }

    @Test
    void shouldAimG1AtShortPausesInTheImageAsInTheLauncher() throws IOException {
        // a live retrain's young collections took 45-100 ms at G1's default aim of 200 ms (decision 0032)
        String image = Files.readString(DOCKER.resolve("Dockerfile"));
        String launcher = Files.readString(ExternalTools.ROOT.resolve("vigil"));

        assertThat(image).contains("JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=60 -XX:MaxGCPauseMillis=20 ");
        assertThat(launcher).contains("exec java --add-modules=jdk.incubator.vector -XX:MaxGCPauseMillis=20 ${VIGIL_JAVA_OPTS:-}");
    }

    @Test
    void shouldSetOnlyVariablesVigilReadsInCompose() throws IOException {
        JsonNode services = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile()).get("services");
        List<String> vigilServices = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            if ("vigil:local".equals(service.getValue().path("image").asText())) {
                vigilServices.add(service.getKey());
                Map<String, String> environment = new LinkedHashMap<>();
                service.getValue().path("environment").fields()
                        .forEachRemaining(variable -> environment.put(variable.getKey(), variable.getValue().asText()));
                EnvironmentContract.assertVigilReadsEach("compose service " + service.getKey(), environment);
            }
        });
        assertThat(vigilServices).containsExactlyInAnyOrder("vigil", "demo-producer");
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kafka", "vigil", "demo-producer", "prometheus", "grafana");
    }

    @Test
    void shouldHavePrometheusScrapeVigilsMetricsPort() throws IOException {
        JsonNode vigil = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile()).get("services").get("vigil");
        int port = vigil.get("environment").get("VIGIL_HTTP_PORT").asInt();
        JsonNode job = YAML.readTree(DOCKER.resolve("prometheus.yml").toFile()).get("scrape_configs").get(0);

        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.get("static_configs").get(0).get("targets").get(0).asText()).isEqualTo("vigil:" + port);
        assertThat(vigil.get("ports").get(0).asText()).isEqualTo(port + ":" + port);
    }

    @Test
    void shouldPassTheComposeSchemaAndTheDockerfileLinter() {
        ExternalTools.assumeNodePackages();

        ExternalTools.Result check = ExternalTools.run(ExternalTools.NODE_DIR, Duration.ofMinutes(1),
                "node", "check-docker.mjs", DOCKER.toString());

        assertThat(check.exitCode()).as(check.output() + check.errors()).isZero();
        assertThat(check.output()).contains("valid against the Compose schema (5 services)");
    }

    /** The words of the Dockerfile's one ENTRYPOINT (exec form). */
    private static List<String> entrypoint() throws IOException {
        List<String> entrypoints = Files.readAllLines(DOCKER.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("ENTRYPOINT ")).toList();
        assertThat(entrypoints).hasSize(1);
        List<String> command = new ArrayList<>();
        YAML.readTree(entrypoints.get(0).substring("ENTRYPOINT ".length())).forEach(word -> command.add(word.asText()));
        return command;
    }

    /** The Dockerfile's ENV settings ({@code ENV A=1 \ B="x y"}). */
    private static Map<String, String> dockerfileEnvironment() throws IOException {
        String text = Files.readString(DOCKER.resolve("Dockerfile")).replace("\\\n", " ");
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("ENV ")) {
                Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
                while (pair.find()) {
                    environment.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        assertThat(environment).as("ENV settings in the Dockerfile").isNotEmpty();
        return environment;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
