package dev.vigil.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The plain Kafka clients Vigil uses around the topology (topic admin, demo fleet, benchmark, tests): one place
 * that says how they are configured.
 */
public final class Clients {

    private Clients() {
    }

    /** {@code bootstrap.servers} on top of the Kafka client settings passed through (SASL, SSL, ...). */
    public static Properties properties(String bootstrapServers, Map<String, String> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    public static Admin admin(String bootstrapServers, Map<String, String> settings) {
        return Admin.create(properties(bootstrapServers, settings));
    }

    /**
     * A producer of sensor-id keys and raw (already encoded) values, batching a few milliseconds;
     * {@code settings} (e.g. SASL/SSL) are applied on top.
     */
    public static KafkaProducer<String, byte[]> producer(String bootstrapServers, Map<String, String> settings) {
        Properties properties = properties(bootstrapServers, settings);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * What an alerting system should use: a consumer that sees only committed transactions, reading the topics
     * from the beginning in a group of its own.
     */
    public static KafkaConsumer<String, byte[]> readCommittedConsumer(String bootstrapServers,
                                                                       Map<String, String> settings,
                                                                       String groupPrefix, List<String> topics) {
        Properties properties = properties(bootstrapServers, settings);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }
}
