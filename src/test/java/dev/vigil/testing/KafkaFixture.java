package dev.vigil.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Sends every record (key, value bytes) to the topic, in order, and waits until all are acknowledged. */
    public void produce(String topic, List<? extends Map.Entry<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = Clients.producer(bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (var record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            producer.flush();
            for (Future<RecordMetadata> result : sent) {
                result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e.getCause());
        }
    }

    /** A read_committed consumer of one topic from the beginning: sees only what a transaction committed. */
    public CommittedReader reader(String topic) {
        return new CommittedReader(Clients.readCommittedConsumer(bootstrapServers(), Map.of(), "it-reader",
                List.of(topic)));
    }

    @Override
    public void close() {
        broker.close();
    }

    /** Accumulates what a topic holds; poll it, or wait for a count. */
    public static final class CommittedReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        CommittedReader(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        public int poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size();
        }

        /** Waits until the topic has given exactly {@code count} records, then checks no more arrive. */
        public List<ConsumerRecord<String, byte[]>> awaitCount(int count, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> poll() >= count);
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

        public List<ConsumerRecord<String, byte[]>> records() {
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
