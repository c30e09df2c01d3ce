package dev.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.vigil.config.VigilConfig;
import dev.vigil.kafka.Clients;
import dev.vigil.model.ModelCodec;
import dev.vigil.testing.CommittedOutputs;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.HttpProbe;
import dev.vigil.testing.KafkaFixture;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.VigilProcess;
import dev.vigil.testing.VigilRun;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vigil run} instances (child JVMs, one standby replica of every task) share the partitions of one
 * application on a real broker; one is killed with SIGKILL part-way through the input (half of it is produced before
 * the kill, the rest after). The survivor must take its partitions over and, under exactly-once, the committed
 * forecasts and anomaly events must be the same, record for record per sensor, as an uninterrupted single instance's.
 * The time from the kill to the first new committed forecast of each partition that moved is measured and reported
 * (printed, and written to {@code target/failover.txt}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverIT {

    private static final int SENSORS = 36;
    private static final int STEPS = 400;
    private static final int SPIKE_STEP = 300;
    private static final int PARTITIONS = 6;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /**
     * Only a broken failover misses this: the slowest path is the session timeout below, or the killed instance's
     * open transaction timing out (10 s) and the broker's check for such transactions (every 10 s), then a rebalance.
     * The figures themselves are reported, not asserted.
     */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(70);
    private static final String SURVIVOR = "survivor";
    private static final String VICTIM = "victim";
    /**
     * What the two instances share on top of the test defaults. The broker declares an instance dead after
     * {@code session.timeout.ms} without a heartbeat: Kafka's default, 45 s, would dominate the failover, so the
     * test sets the lowest the broker accepts by default, as a deployment that wants fast failover would.
     */
    private static final Map<String, String> SHARED = Map.of(
            VigilConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS),
            VigilConfig.STANDBY_REPLICAS, "1",
            "kafka.session.timeout.ms", "6000",
            "kafka.heartbeat.interval.ms", "1500");
    private static final Path REPORT = Path.of("target", "failover.txt");

    @TempDir
    static Path dir;

    private KafkaFixture kafka;
    private Path modelFile;
    private List<SimpleEntry<String, byte[]>> input;

    @BeforeAll
    void startBroker() throws IOException {
        kafka = KafkaFixture.start(dir.resolve("broker"));
        modelFile = dir.resolve("model.vgm");
        ModelCodec.write(ModelCodec.toUpdate(TestModels.small(), "it", 0, Map.of()), modelFile);
        input = Fixtures.fleetWithSpikes(SENSORS, STEPS, SPIKE_STEP);
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldHandAKilledInstancesSensorsToTheStandbyAndCommitTheSameOutputs() throws Exception {
        CommittedOutputs reference = uninterrupted();

        VigilRun shared = new VigilRun(kafka, dir, modelFile, "failover", "shared", SHARED);
        String readings = shared.topics().readings().name();
        int survivorPort = HttpProbe.freePort();
        try (Admin admin = Clients.admin(kafka.bootstrapServers(), Map.of());
             VigilProcess survivor = shared.startInstance(SURVIVOR, instance(SURVIVOR, survivorPort));
             VigilProcess victim = shared.startInstance(VICTIM, instance(VICTIM, 0));
             KafkaFixture.CommittedReader forecasts = kafka.reader(shared.topics().forecasts().name())) {
            Group group = new Group(admin, shared.applicationId());

            // both in the group before the first reading: with empty stores on both, the assignment is balanced
            await("both instances own readings partitions").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Membership now = group.now();
                        return now.stable() && !now.ownedBy(SURVIVOR, readings).isEmpty()
                                && !now.ownedBy(VICTIM, readings).isEmpty();
                    });
            Set<Integer> victims = group.now().ownedBy(VICTIM, readings);
            await("the survivor keeps standby replicas of the victim's tasks").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(500)).ignoreException(UncheckedIOException.class)
                    .until(() -> standbyTasks(survivorPort) >= victims.size());

            // The first half goes in before the kill, the rest after it: were it all in the topic at once, a victim
            // that outran the survivor could have committed the whole of a partition before the kill (it did, on a
            // loaded CI machine), and nothing would be left to move.
            List<SimpleEntry<String, byte[]>> before = input.subList(0, input.size() / 2);
            List<SimpleEntry<String, byte[]>> after = input.subList(input.size() / 2, input.size());
            Map<String, Integer> partitionOf = partitionOfEachSensor(kafka.produce(readings, before));
            Set<String> victimsSensors = sensorsIn(victims, partitionOf);
            await("both instances commit forecasts").atMost(PATIENCE).pollInterval(Duration.ZERO).until(() -> {
                forecasts.poll();
                return forecasts.records().size() >= before.size() / 10
                        && forecasts.records().stream().anyMatch(record -> victimsSensors.contains(record.key()));
            });

            Membership atKill = group.now();
            Set<Integer> moved = atKill.ownedBy(VICTIM, readings);
            assertThat(moved).as("readings partitions the victim owns at the kill").isNotEmpty();
            assertThat(atKill.ownedBy(SURVIVOR, readings)).as("readings partitions the survivor owns at the kill")
                    .isNotEmpty();
            long killedAt = System.nanoTime();
            victim.kill();
            // what the victim committed lies below these offsets (but for a commit it asked for just before it died,
            // which may land above them a moment later: told apart below)
            Map<Integer, Long> decidedAtKill = forecasts.stableEnds();
            kafka.produce(readings, after);
            forecasts.readUpTo(decidedAtKill, PATIENCE);
            for (int partition : moved) {
                Set<String> sensors = sensorsIn(Set.of(partition), partitionOf);
                long committed = forecasts.records().stream().filter(record -> sensors.contains(record.key()))
                        .filter(record -> record.offset() < decidedAtKill.get(record.partition())).count();
                long all = sensors.stream().mapToLong(sensor -> reference.forecasts().get(sensor).size()).sum();
                assertThat(committed).as("forecasts committed before the kill for the sensors of the victim's "
                        + "partition %d, of %d", partition, all).isLessThan(all);
            }

            Set<TopicPartition> everySource = everySourcePartition(shared);
            AtomicLong takenOverAt = new AtomicLong();
            Map<Integer, Long> resumedAt = new TreeMap<>();
            AtomicInteger scanned = new AtomicInteger();
            await("a new committed forecast for the sensors of each partition the victim owned")
                    .atMost(FAILOVER_BOUND).pollInterval(Duration.ZERO).until(() -> {
                        forecasts.poll();
                        long now = System.nanoTime();
                        // asked after the poll: the survivor gets the victim's partitions only once the group has
                        // dropped the victim, so a forecast it wrote for them is never read while the victim is listed
                        Membership membership = group.now();
                        boolean victimGone = !membership.members().contains(VICTIM);
                        if (takenOverAt.get() == 0 && membership.ownedBy(SURVIVOR).equals(everySource)) {
                            takenOverAt.set(now);
                        }
                        List<ConsumerRecord<String, byte[]>> records = forecasts.records();
                        for (ConsumerRecord<String, byte[]> record : records.subList(scanned.get(), records.size())) {
                            int from = partitionOf.get(record.key());
                            if (victimGone && moved.contains(from)
                                    && record.offset() >= decidedAtKill.get(record.partition())) {
                                resumedAt.putIfAbsent(from, now);
                            }
                        }
                        scanned.set(records.size());
                        return resumedAt.keySet().equals(moved);
                    });

            await("the survivor alone in the group, owning every partition").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        Membership membership = group.now();
                        assertThat(membership.members()).as("instances in the group").isEqualTo(Set.of(SURVIVOR));
                        assertThat(membership.ownedBy(SURVIVOR)).as("the survivor's partitions").isEqualTo(everySource);
                    });
            takenOverAt.compareAndSet(0, System.nanoTime());
            report(moved, seconds(takenOverAt.get() - killedAt), resumedAt.entrySet().stream().collect(
                    Collectors.toMap(Map.Entry::getKey, entry -> seconds(entry.getValue() - killedAt), (a, b) -> a,
                            TreeMap::new)));

            CommittedOutputs outputs = shared.awaitOutputs(input.size());
            survivor.stop();
            outputs.assertSameAs(reference);
        }
    }

    /** The same readings scored by one instance that nobody interrupts. */
    private CommittedOutputs uninterrupted() throws Exception {
        VigilRun alone = new VigilRun(kafka, dir, modelFile, "failover", "reference",
                Map.of(VigilConfig.TOPIC_PARTITIONS, String.valueOf(PARTITIONS)));
        kafka.produce(alone.topics().readings().name(), input);
        try (VigilProcess vigil = alone.start()) {
            CommittedOutputs outputs = alone.awaitOutputs(input.size());
            vigil.stop();
            return outputs;
        }
    }

    /** An instance's own settings: its HTTP port, and a client id prefix that names it in the consumer group. */
    private static Map<String, String> instance(String name, int httpPort) {
        return Map.of(VigilConfig.HTTP_PORT, String.valueOf(httpPort), "kafka.client.id", name);
    }

    /** Standby tasks the instance keeps up to date, from Kafka Streams' state-updater metric on its /metrics. */
    private static double standbyTasks(int httpPort) {
        HttpProbe.Answer metrics = HttpProbe.get("http://localhost:" + httpPort + "/metrics");
        return metrics.body().lines()
                .filter(line -> line.startsWith("kafka_stream_state_updater_standby_updating_tasks"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Each sensor's readings partition, from where the first records of the input landed (its keys are the sensor
     * ids; every sensor has a reading in each step).
     */
    private Map<String, Integer> partitionOfEachSensor(List<RecordMetadata> landed) {
        Map<String, Integer> partitions = new HashMap<>();
        for (int i = 0; i < landed.size(); i++) {
            partitions.put(input.get(i).getKey(), landed.get(i).partition());
        }
        return partitions;
    }

    private static Set<String> sensorsIn(Set<Integer> partitions, Map<String, Integer> partitionOf) {
        Set<String> sensors = new HashSet<>();
        partitionOf.forEach((sensor, partition) -> {
            if (partitions.contains(partition)) {
                sensors.add(sensor);
            }
        });
        return sensors;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Set<TopicPartition> everySourcePartition(VigilRun run) {
        Set<TopicPartition> partitions = new HashSet<>();
        IntStream.range(0, PARTITIONS)
                .forEach(partition -> partitions.add(new TopicPartition(run.topics().readings().name(), partition)));
        partitions.add(new TopicPartition(run.topics().trainingSamples().name(), 0));
        return partitions;
    }

    /** Prints the figures and writes them to {@code target/failover.txt}, one line. */
    private static void report(Set<Integer> moved, double takenOver, Map<Integer, Double> resumed) throws IOException {
        String perPartition = resumed.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%d %.1f s", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        String line = String.format(Locale.ROOT, "failover: SIGKILL of one of two instances; readings partitions %s "
                        + "of %d moved (streams.standby.replicas=1, session.timeout.ms=%s); the survivor owned them "
                        + "%.1f s after the kill; first new committed forecast of a moved partition %.1f s after the "
                        + "kill (per partition: %s)%n", moved, PARTITIONS, SHARED.get("kafka.session.timeout.ms"),
                takenOver, Collections.min(resumed.values()), perPartition);
        System.out.print(line);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, line);
    }

    /** The application's consumer group as the broker describes it. */
    private record Group(Admin admin, String id) {

        /** Who owns what now: the members told apart by their client id; none before the first one has joined. */
        Membership now() throws InterruptedException, TimeoutException {
            ConsumerGroupDescription group;
            try {
                group = admin.describeConsumerGroups(List.of(id)).describedGroups().get(id).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return new Membership(false, Map.of());
                }
                throw new IllegalStateException("could not describe the group " + id, e.getCause());
            }
            Map<String, Set<TopicPartition>> owned = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                owned.computeIfAbsent(instanceOf(member), instance -> new HashSet<>())
                        .addAll(member.assignment().topicPartitions());
            }
            return new Membership(group.groupState() == GroupState.STABLE, owned);
        }

        /** Kafka Streams names its consumer {@code <client.id>-StreamThread-<n>-consumer}. */
        private static String instanceOf(MemberDescription member) {
            String clientId = member.clientId();
            int thread = clientId.indexOf("-StreamThread-");
            return thread < 0 ? clientId : clientId.substring(0, thread);
        }
    }

    /** The group's members (by {@code kafka.client.id}) and the partitions each consumes: its active tasks' sources. */
    private record Membership(boolean stable, Map<String, Set<TopicPartition>> owned) {

        Set<String> members() {
            return owned.keySet();
        }

        Set<TopicPartition> ownedBy(String instance) {
            return owned.getOrDefault(instance, Set.of());
        }

        Set<Integer> ownedBy(String instance, String topic) {
            Set<Integer> partitions = new TreeSet<>();
            ownedBy(instance).stream().filter(partition -> partition.topic().equals(topic))
                    .forEach(partition -> partitions.add(partition.partition()));
            return partitions;
        }
    }
}
