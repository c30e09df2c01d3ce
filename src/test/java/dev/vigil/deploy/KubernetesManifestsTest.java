package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.testing.ExternalTools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/ rendered by {@code kubectl kustomize}, and the objects checked against Vigil's own configuration: the
 * ports, probe paths, environment names, state directory, the headless Service behind application.server and
 * the Strimzi topics.
 */
class KubernetesManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @ParameterizedTest
    @ValueSource(strings = {"deploy/base", "deploy/overlays/example"})
    void shouldRenderObjectsThatMatchVigilsConfiguration(String kustomization) throws IOException {
        Rendered rendered = render(kustomization);
        JsonNode statefulSet = rendered.one("StatefulSet");
        JsonNode pod = statefulSet.at("/spec/template");
        JsonNode container = pod.at("/spec/containers/0");

        Map<String, String> environment = new LinkedHashMap<>();
        rendered.one("ConfigMap").get("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        assertThat(container.at("/envFrom/0/configMapRef/name").asText())
                .isEqualTo(rendered.one("ConfigMap").at("/metadata/name").asText());
        Map<String, String> podEnvironment = new HashMap<>();
        // a variable from a Secret has no value here; empty is what Vigil sees when the optional Secret is absent
        container.get("env").forEach(variable -> podEnvironment.put(variable.get("name").asText(),
                variable.path("value").asText()));
        // POD_NAME only feeds $(POD_NAME) in another variable: Kubernetes' own substitution, not for Vigil
        assertThat(podEnvironment.values()).anyMatch(value -> value.contains("$(POD_NAME)"));
        podEnvironment.remove("POD_NAME");
        environment.putAll(podEnvironment);
        VigilConfig config = EnvironmentContract.assertVigilReadsEach(kustomization, environment);

        int port = config.httpPort();
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        String portName = container.at("/ports/0/name").asText();
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(portName);
        }
        assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asInt()).isEqualTo(port);
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();

        String volume = container.at("/volumeMounts/0/name").asText();
        Path mounted = Path.of(container.at("/volumeMounts/0/mountPath").asText());
        assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo(volume);
        assertThat(config.stateDir()).as("state.dir on the pod's volume").startsWithRaw(mounted);
        assertThat(config.modelCacheDir()).as("model.cache.dir on the pod's volume").startsWithRaw(mounted);

        String serviceName = statefulSet.at("/spec/serviceName").asText();
        JsonNode headless = rendered.named("Service", serviceName);
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/ports/0/port").asInt()).isEqualTo(port);
        assertThat(config.applicationServer()).as("application.server: the pod's name under the headless Service")
                .isEqualTo("$(POD_NAME)." + serviceName + ":" + port);

        int replicas = statefulSet.at("/spec/replicas").asInt();
        assertThat(config.standbyReplicas()).as("standby replicas: at least one, each on another of the %d pods",
                replicas).isBetween(1, replicas - 1);

        JsonNode podLabels = pod.at("/metadata/labels");
        for (JsonNode service : rendered.all("Service")) {
            assertThat(podLabels).as("Service selects the pods").containsAll(service.at("/spec/selector"));
        }
        assertThat(podLabels).as("PodDisruptionBudget selects the pods")
                .containsAll(rendered.one("PodDisruptionBudget").at("/spec/selector/matchLabels"));
        assertThat(statefulSet.at("/spec/selector/matchLabels")).isNotEmpty();

        checkTopics(rendered, config);
    }

    /** One KafkaTopic per topic Vigil needs, each as Vigil itself would create it (partitions, replicas, configs). */
    private static void checkTopics(Rendered rendered, VigilConfig config) {
        Map<String, JsonNode> byName = new HashMap<>();
        rendered.all("KafkaTopic").forEach(topic -> byName.put(topic.at("/metadata/name").asText(), topic));
        List<TopicAdmin.Requirement> required = Topics.from(config).requirements(config);
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(
                required.stream().map(TopicAdmin.Requirement::name).toList());
        for (TopicAdmin.Requirement requirement : required) {
            JsonNode topic = byName.get(requirement.name());
            assertThat(topic.at("/spec/partitions").asInt()).as(requirement.name()).isEqualTo(requirement.partitions());
            requirement.replicationFactor().ifPresent(replicas ->
                    assertThat(topic.at("/spec/replicas").asInt()).as(requirement.name()).isEqualTo((int) replicas));
            requirement.configs().forEach((name, value) -> assertThat(topic.at("/spec/config").path(name).asText())
                    .as(requirement.name() + " " + name).isEqualTo(value));
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .as("the Strimzi cluster that manages " + requirement.name()).isNotEmpty();
        }
    }

    private record Rendered(List<JsonNode> objects) {
        List<JsonNode> all(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        JsonNode one(String kind) {
            assertThat(all(kind)).as("one " + kind).hasSize(1);
            return all(kind).get(0);
        }

        JsonNode named(String kind, String name) {
            return all(kind).stream().filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
        }
    }

    private static Rendered render(String kustomization) throws IOException {
        ExternalTools.assume(ExternalTools.onPath("kubectl"), "kubectl (Debian: apt-get install kubernetes-client)");
        ExternalTools.Result result = ExternalTools.run(ExternalTools.ROOT, Duration.ofMinutes(1),
                "kubectl", "kustomize", kustomization);
        assertThat(result.exitCode()).as(result.output() + result.errors()).isZero();
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(result.output())) {
            documents.forEachRemaining(objects::add);
        }
        return new Rendered(objects);
    }
}
