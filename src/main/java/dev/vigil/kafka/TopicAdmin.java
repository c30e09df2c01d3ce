package dev.vigil.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure Vigil's topics exist as it needs them: creates the missing ones, and refuses to start on an
 * existing topic with a setting that would break it (e.g. a models topic that is not compacted), naming the
 * topic, the setting, and what it should be.
 */
public final class TopicAdmin {

    /**
     * What a topic must be. It is created with {@code partitions}; an existing one must have that many only when
     * {@code partitionsMustMatch} (an input topic someone else owns may have any count).
     */
    public record Requirement(String name, int partitions, boolean partitionsMustMatch,
                              Optional<Short> replicationFactor, Map<String, String> configs) {
    }

    /** The topics do not match what Vigil needs; the message lists every mismatch. */
    public static final class TopicMismatchException extends IllegalStateException {
        TopicMismatchException(String message) {
            super(message);
        }
    }

    private static final Duration LEADER_WAIT = Duration.ofSeconds(30);

    private TopicAdmin() {
    }

    /** Creates what is missing and checks what exists; returns the names it created. */
    public static List<String> ensure(Admin admin, Collection<Requirement> requirements) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = requirements.stream()
                    .filter(requirement -> !existing.contains(requirement.name()))
                    .map(requirement -> new NewTopic(requirement.name(), Optional.of(requirement.partitions()),
                            requirement.replicationFactor()).configs(requirement.configs()))
                    .toList();
            create(admin, missing);
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            List<Requirement> toCheck = requirements.stream()
                    .filter(requirement -> existing.contains(requirement.name()))
                    .toList();
            check(admin, toCheck);
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot check or create topics: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException, ExecutionException {
        for (var entry : admin.createTopics(topics).values().entrySet()) {
            try {
                entry.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until every partition of the new topics has a leader. Producing into a partition the broker does not
     * lead yet fails the first batch and can leave an idempotent producer stuck on a sequence gap.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException,
            ExecutionException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (true) {
            try {
                if (leadersHoldTheirLogs(admin, admin.describeTopics(topics).allTopicNames().get().values())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " were created but have no leader after "
                        + LEADER_WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Every partition has a leader, and that broker already has the partition's log (it can take writes). */
    private static boolean leadersHoldTheirLogs(Admin admin, Collection<TopicDescription> descriptions)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        for (TopicDescription description : descriptions) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return false;
                }
                leaders.put(new TopicPartition(description.name(), partition.partition()), partition.leader().id());
            }
        }
        Map<Integer, Map<String, LogDirDescription>> logDirs = admin.describeLogDirs(Set.copyOf(leaders.values()))
                .allDescriptions().get();
        return leaders.entrySet().stream().allMatch(entry -> logDirs.getOrDefault(entry.getValue(), Map.of())
                .values().stream().anyMatch(dir -> dir.replicaInfos().containsKey(entry.getKey())));
    }

    private static void check(Admin admin, List<Requirement> requirements)
            throws InterruptedException, ExecutionException {
        if (requirements.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(
                requirements.stream().map(Requirement::name).toList()).allTopicNames().get();
        Map<ConfigResource, Config> configs = admin.describeConfigs(requirements.stream()
                .map(requirement -> new ConfigResource(ConfigResource.Type.TOPIC, requirement.name()))
                .toList()).all().get();
        List<String> problems = new ArrayList<>();
        for (Requirement requirement : requirements) {
            TopicDescription description = descriptions.get(requirement.name());
            int partitions = description.partitions().size();
            if (requirement.partitionsMustMatch() && requirement.partitions() != partitions) {
                problems.add(requirement.name() + " has " + partitions + " partitions; Vigil needs "
                        + requirement.partitions());
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, requirement.name()));
            requirement.configs().forEach((key, wanted) -> {
                String value = actual.get(key) == null ? null : actual.get(key).value();
                if (!matches(key, wanted, value)) {
                    problems.add(requirement.name() + " has " + key + "=" + value + "; Vigil needs " + key + "="
                            + wanted);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new TopicMismatchException("existing topics do not fit: " + String.join("; ", problems)
                    + ". Fix the topics, or point Vigil at others with the topic.* settings.");
        }
    }

    /** Retention may be longer than asked; a cleanup policy must contain what is asked. */
    private static boolean matches(String key, String wanted, String actual) {
        if (actual == null) {
            return false;
        }
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            Set<String> policies = Set.of(actual.split(","));
            return policies.containsAll(Set.of(wanted.split(",")));
        }
        if (key.equals(TopicConfig.RETENTION_MS_CONFIG)) {
            long value = Long.parseLong(actual);
            return value < 0 || value >= Long.parseLong(wanted);
        }
        return wanted.equals(actual);
    }
}
