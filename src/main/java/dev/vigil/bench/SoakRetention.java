package dev.vigil.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Keeps a soak's topics to their last few minutes. The embedded broker lives in the process the soak measures: left
 * to the broker's defaults (a week's retention, 1 GB segments) an hour at 20,000 readings/s would keep growing its
 * log segments (open files), its indexes (mapped memory) and its disk by tens of gigabytes, and the soak would
 * measure the broker's retention instead of Vigil. Segments roll every minute: the delete-policy topics then drop
 * what is older than {@link #RETENTION}, and the compacted ones (the state changelog, the models) can be compacted,
 * which happens only to closed segments. The broker checks retention every five minutes, so files and disk move in
 * a sawtooth of that period, inside the first ten minutes' range.
 *
 * <p>By time, not by size: around a roll the broker answers read-committed fetches about 200 ms late, so a reading
 * reaches the soak's reader about 300 ms after it was sent (the soak's "beat"; scored and committed on time, soak
 * runs 29–34), whatever the size of the segment it closes and whether the broker's log is on disk or in memory, and
 * a roll a minute rolls every partition in the same second, so the beat comes about once a minute. Segments of
 * 16 MB, each partition rolling on its own, put it in nearly every 10-s window, and so did rolls spread over the
 * minute by the broker's {@code segment.jitter.ms} and the changelogs left unrolled (docs/BENCHMARKS.md, soak runs
 * 26, 27, 36 and 37).
 *
 * <p>The retention is set only once the keys are primed ({@link #roll} before, {@link #retain} after): the priming's
 * readings are all published at once and scored over about ten minutes for 10,000 keys with a day each, and a
 * retention of five minutes deleted the ones not yet scored, so the priming never finished.
 */
final class SoakRetention {

    static final Duration SEGMENT = Duration.ofMinutes(1);
    static final Duration RETENTION = Duration.ofMinutes(5);

    private SoakRetention() {
    }

    /**
     * Rolls a segment a minute in every topic whose name starts with {@code prefix} (the pass's own and its
     * application's internal ones), so that the compacted ones can be compacted while the keys are primed.
     */
    static void roll(Admin admin, String prefix) {
        alter(admin, prefix, List.of(set(TopicConfig.SEGMENT_MS_CONFIG, SEGMENT)));
    }

    /** Keeps the last {@link #RETENTION} in every topic of {@code prefix} whose segments {@link #roll} rolls. */
    static void retain(Admin admin, String prefix) {
        // ignored by a compacted topic: compaction, not time, bounds it
        alter(admin, prefix, List.of(set(TopicConfig.RETENTION_MS_CONFIG, RETENTION)));
    }

    private static void alter(Admin admin, String prefix, List<AlterConfigOp> settings) {
        try {
            List<String> topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(prefix))
                    .toList();
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), settings);
            }
            admin.incrementalAlterConfigs(changes).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot configure the topics " + prefix + "*", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AlterConfigOp set(String name, Duration value) {
        return new AlterConfigOp(new ConfigEntry(name, String.valueOf(value.toMillis())), AlterConfigOp.OpType.SET);
    }
}
