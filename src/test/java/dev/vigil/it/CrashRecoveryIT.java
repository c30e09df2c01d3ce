package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;

import dev.vigil.config.VigilConfig;
import dev.vigil.model.ModelCodec;
import dev.vigil.testing.CommittedOutputs;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.VigilProcess;
import dev.vigil.testing.VigilRun;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil against a real broker, in a child JVM, under exactly-once: a run killed with SIGKILL part-way and
 * restarted, and a run whose local state is wiped, must commit the same outputs as an uninterrupted run,
 * record for record per key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIT {

    private static final int SENSORS = 60;
    private static final int STEPS = 500;
    private static final int SPIKE_STEP = 300;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    static Path dir;

    private KafkaFixture kafka;
    private Path modelFile;
    private List<SimpleEntry<String, byte[]>> input;
    private CommittedOutputs reference;

    @BeforeAll
    void startBrokerAndRunTheReference() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("broker"));
        modelFile = dir.resolve("model.vgm");
        ModelCodec.write(ModelCodec.toUpdate(TestModels.small(), "it", 0, Map.of()), modelFile);
        input = Fixtures.fleetWithSpikes(SENSORS, STEPS, SPIKE_STEP);

        VigilRun a = run("reference");
        kafka.produce(a.topics().readings().name(), input);
        try (VigilProcess vigil = a.start()) {
            reference = a.awaitOutputs(input.size());
            vigil.stop();
        }
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldCommitTheSameOutputsAfterAHardKillAndRestart() throws Exception {
        VigilRun b = run("killed");
        kafka.produce(b.topics().readings().name(), input);
        int committedAtKill;
        try (VigilProcess vigil = b.start();
             KafkaFixture.CommittedReader progress = kafka.reader(b.topics().forecasts().name())) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> progress.poll() >= input.size() / 10);
            vigil.kill();
            committedAtKill = progress.poll();
        }
        assertThat(committedAtKill).as("the kill must land part-way through the input").isLessThan(input.size() - 1);

        try (VigilProcess vigil = b.start()) {
            CommittedOutputs restarted = b.awaitOutputs(input.size());
            vigil.stop();
            restarted.assertSameAs(reference);
        }
    }

    @Test
    void shouldRestoreFromTheChangelogWhenTheLocalStateIsWiped() throws Exception {
        VigilRun c = run("wiped");
        int half = SENSORS * (STEPS / 2);
        kafka.produce(c.topics().readings().name(), input.subList(0, half));
        try (VigilProcess vigil = c.start()) {
            c.awaitOutputs(half);
            vigil.stop();
        }
        Utils.delete(c.stateDir().toFile());
        assertThat(c.stateDir()).doesNotExist();

        kafka.produce(c.topics().readings().name(), input.subList(half, input.size()));
        try (VigilProcess vigil = c.start()) {
            CommittedOutputs restored = c.awaitOutputs(input.size());
            vigil.stop();
            restored.assertSameAs(reference);
        }
    }

    /** One application (its own id, topics and state directory) against the shared broker. */
    private VigilRun run(String name) throws IOException {
        return new VigilRun(kafka, dir, modelFile, "crash-recovery", name, Map.of(VigilConfig.TOPIC_PARTITIONS, "3"));
    }
}
