package dev.vigil.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.Clients;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelSignature;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/models}: the model this instance scores with (live: it changes when retraining or a rollback puts
 * another version live), and the versions on the compacted models topic with their training window, validation
 * metrics and whether their signature verifies. The history is read by a consumer of
 * its own on a background thread (without the model bytes, which are the big part), so asking is free.
 */
final class ModelCatalog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    record Live(long version, int layers, int units, int horizon) {
    }

    /** A version on the topic; {@code trusted}: its signature verifies (or signing is off), so it may go live. */
    record Published(long version, String createdAt, String trainFrom, String trainTo, long sampleCount,
                     String source, Map<String, Double> metrics, String architecture, boolean trusted) {
    }

    record Catalog(Live live, List<Published> history, String topic) {
    }

    private final Supplier<ForecastModel> live;
    private final byte[] signingKey;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerde<ModelUpdate> serde = new AvroSerde<>(ModelUpdate.getClassSchema());
    /** By version: a compacted topic can hold a version more than once until it is compacted. */
    private final Map<Long, Published> history = new TreeMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    ModelCatalog(Supplier<ForecastModel> live, byte[] signingKey, String topic, String bootstrapServers,
                 Map<String, String> clients) {
        this.live = live;
        this.signingKey = signingKey;
        this.topic = topic;
        this.consumer = Clients.readCommittedConsumer(bootstrapServers, clients, "vigil-model-catalog", List.of(topic));
        this.reader = new Thread(this::read, "vigil-model-catalog");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    remember(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up: the normal way out
        } catch (RuntimeException e) {
            LOG.warn("model history reader stopped; /api/models shows what it had read", e);
        } finally {
            consumer.close();
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            forget(record.key());
            return;
        }
        try {
            ModelUpdate update = serde.decode(record.value());
            boolean trusted = ModelSignature.problem(update, signingKey) == null;
            synchronized (history) {
                history.put(update.getVersion(), new Published(update.getVersion(), text(update.getCreatedAt()),
                        text(update.getTrainFrom()), text(update.getTrainTo()), update.getSampleCount(),
                        update.getSource(), Map.copyOf(update.getMetrics()), update.getArchitecture(), trusted));
            }
        } catch (SerializationException e) {
            LOG.warn("{}: record at offset {} is not a ModelUpdate; left out of /api/models", topic, record.offset());
        }
    }

    /** A tombstone: the trainer deletes versions beyond train.keep.versions (keys are the zero-padded version). */
    private void forget(String key) {
        if (key == null) {
            return;
        }
        try {
            long version = Long.parseLong(key);
            synchronized (history) {
                history.remove(version);
            }
        } catch (NumberFormatException e) {
            LOG.warn("{}: tombstone with key '{}' names no version; ignored", topic, key);
        }
    }

    Catalog catalog() {
        ForecastModel model = live.get();
        List<Published> published;
        synchronized (history) {
            published = new ArrayList<>(history.values());
        }
        published.sort(Comparator.comparingLong(Published::version).reversed());
        return new Catalog(new Live(model.version(), model.spec().layers(), model.spec().units(),
                model.spec().horizon()), published, topic);
    }

    private static String text(Object instant) {
        return instant == null ? null : instant.toString();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
