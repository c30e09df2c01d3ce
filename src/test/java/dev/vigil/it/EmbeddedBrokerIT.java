package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.vigil.kafka.Clients;
import dev.vigil.testing.KafkaFixture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded broker does with its files, which programs that create and delete topics rely on. */
class EmbeddedBrokerIT {

    @TempDir
    Path dir;

    /**
     * The bench deletes each pass's topics and waits until their files are gone before the next pass: with a broker's
     * default delay (a minute) it would wait a minute a pass. The broker's first sweep comes 30 s after it starts,
     * hence the patience.
     */
    @Test
    void shouldRemoveTheFilesOfADeletedTopicWithinSeconds() throws Exception {
        Path logDir = dir.resolve("broker");
        try (KafkaFixture kafka = KafkaFixture.start(logDir);
             Admin admin = Clients.admin(kafka.bootstrapServers(), Map.of())) {
            admin.createTopics(List.of(new NewTopic("doomed", 2, (short) 1))).all().get();
            kafka.produce("doomed", IntStream.range(0, 100).mapToObj(i -> Map.entry("k" + i, new byte[100])).toList());
            assertThat(entriesOf(logDir, "doomed")).as("a directory per partition").hasSize(2);

            admin.deleteTopics(Set.of("doomed")).all().get();

            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                    .until(() -> entriesOf(logDir, "doomed").isEmpty());
        }
    }

    private static List<String> entriesOf(Path logDir, String topic) throws IOException {
        try (Stream<Path> entries = Files.list(logDir)) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> name.startsWith(topic + "-"))
                    .toList();
        }
    }
}
