package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.vigil.kafka.Clients;
import dev.vigil.kafka.EmbeddedKafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** A real broker for integration tests, with the clients they need built in one place. */
public final class KafkaFixture implements AutoCloseable {

    private final EmbeddedKafka broker;

    private KafkaFixture(EmbeddedKafka broker) {
        this.broker = broker;
    }

    public static KafkaFixture start(Path dir) {
        return new KafkaFixture(EmbeddedKafka.start(dir));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /**
     * Sends every record (key, value bytes) to the topic, in order, and waits until all are acknowledged; where each
     * landed, in the same order.
     */
    public List<RecordMetadata> produce(String topic, List<? extends Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = Clients.producer(bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (var record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            producer.flush();
            List<RecordMetadata> landed = new ArrayList<>();
            for (Future<RecordMetadata> result : sent) {
                landed.add(result.get());
            }
            return landed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e.getCause());
        }
    }

    /** A read_committed consumer of one topic from the beginning: sees only what a transaction committed. */
    public CommittedReader reader(String topic) {
        return new CommittedReader(topic, Clients.readCommittedConsumer(bootstrapServers(), Map.of(), "it-reader",
                List.of(topic)));
    }

    @Override
    public void close() {
        broker.close();
    }

    /** Accumulates what a topic holds; poll it, or wait for a count. */
    public static final class CommittedReader implements AutoCloseable {
        private final String topic;
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        CommittedReader(String topic, KafkaConsumer<String, byte[]> consumer) {
            this.topic = topic;
            this.consumer = consumer;
        }

        public int poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size();
        }

        /**
         * Waits until the topic has given {@code count} records, polls once more for any beyond, and returns all read.
         * On timeout the message says how many came: a count short of what was expected reads as such, not as a stall.
         */
        public List<ConsumerRecord<String, byte[]>> awaitCount(int count, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ZERO).untilAsserted(() ->
                    assertThat(poll()).as("records read from %s", topic).isGreaterThanOrEqualTo(count));
            poll();
            return List.copyOf(records);
        }

        /**
         * Polls until this reader has read every committed record the topic holds now (its position at the last
         * stable offset of every partition), however slowly the group assignment comes; the records read.
         */
        public List<ConsumerRecord<String, byte[]>> readToEnd(Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
                poll();
                Set<TopicPartition> assigned = consumer.assignment();
                if (assigned.isEmpty()) {
                    return false;
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
                return assigned.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            return records();
        }

        /** Polls until this reader's position is at least {@code offsets} (per partition) on every partition. */
        public List<ConsumerRecord<String, byte[]>> readUpTo(Map<Integer, Long> offsets, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
                poll();
                Set<TopicPartition> assigned = consumer.assignment();
                return assigned.size() == offsets.size() && assigned.stream()
                        .allMatch(partition -> consumer.position(partition) >= offsets.get(partition.partition()));
            });
            return records();
        }

        /**
         * Per partition of the topic, the offset below which every record is decided (its last stable offset): an
         * offset at or past it belongs to a transaction still open, or to one that begins later.
         */
        public Map<Integer, Long> stableEnds() {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<Integer, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
            return ends;
        }

        public List<ConsumerRecord<String, byte[]>> records() {
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
