package dev.vigil.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

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
