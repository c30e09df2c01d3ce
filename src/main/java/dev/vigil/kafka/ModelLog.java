package dev.vigil.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import dev.vigil.avro.ModelUpdate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The compacted models topic read and written from outside the topology (start-up, {@code vigil models}). Each
 * record is keyed by its zero-padded version, so compaction keeps one record per version and key order is version
 * order.
 */
public final class ModelLog {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final AvroSerde<ModelUpdate> SERDE = new AvroSerde<>(ModelUpdate.getClassSchema());

    private final String bootstrapServers;
    private final Map<String, String> settings;
    private final String topic;

    public ModelLog(String bootstrapServers, Map<String, String> settings, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.topic = topic;
    }

    public static String key(long version) {
        return String.format(Locale.ROOT, "%019d", version);
    }

    /** Every version on the topic now (committed records only), oldest first; records that do not decode are left out. */
    public NavigableMap<Long, ModelUpdate> read() {
        Properties properties = Clients.properties(bootstrapServers, settings);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(topic, 0);
        NavigableMap<String, ModelUpdate> byKey = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition, READ_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("timed out reading " + topic);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        byKey.remove(record.key());
                        continue;
                    }
                    try {
                        byKey.put(record.key(), SERDE.decode(record.value()));
                    } catch (RuntimeException e) {
                        byKey.remove(record.key());
                    }
                }
            }
        }
        NavigableMap<Long, ModelUpdate> versions = new TreeMap<>();
        byKey.values().forEach(update -> versions.put(update.getVersion(), update));
        return versions;
    }

    /** Appends {@code update} under its version and waits until the broker has it. */
    public void publish(ModelUpdate update) {
        try (KafkaProducer<String, byte[]> producer = Clients.producer(bootstrapServers, settings)) {
            producer.send(new ProducerRecord<>(topic, 0, key(update.getVersion()), SERDE.encode(update))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted publishing model v" + update.getVersion(), e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot publish model v" + update.getVersion() + " to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
