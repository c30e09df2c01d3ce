package dev.vigil.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelSignature;
import dev.vigil.topology.ScoringTopology;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code /api/models}: the model this instance scores with (live: it changes when retraining or a rollback puts
 * another version live), and the versions on the compacted models topic with their training window, validation
 * metrics and whether their signature verifies. The history comes from the instance's own copy of that topic,
 * the topology's global {@value ScoringTopology#MODEL_STORE} store, through an interactive query; each version is
 * decoded once (the model bytes are the big part and are not served).
 */
final class ModelCatalog {

    record Live(long version, String architecture, int layers, int units, int horizon, boolean seasonal) {
    }

    /** A version on the topic; {@code trusted}: its signature verifies (or signing is off), so it may go live. */
    record Published(long version, String createdAt, String trainFrom, String trainTo, long sampleCount,
                     String source, Map<String, Double> metrics, String architecture, boolean trusted) {
    }

    record Catalog(Live live, List<Published> history, String topic) {
    }

    /** A decoded record and the bytes it came from (a key written again with other bytes is decoded again). */
    private record Decoded(byte[] bytes, Published published) {
    }

    private final Supplier<ForecastModel> live;
    private final Supplier<KafkaStreams> streams;
    private final byte[] signingKey;
    private final String topic;
    private final AvroSerde<ModelUpdate> serde = new AvroSerde<>(ModelUpdate.getClassSchema());
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();

    ModelCatalog(Supplier<ForecastModel> live, Supplier<KafkaStreams> streams, byte[] signingKey, String topic) {
        this.live = live;
        this.streams = streams;
        this.signingKey = signingKey;
        this.topic = topic;
    }

    Catalog catalog() {
        ForecastModel model = live.get();
        List<Published> published = new ArrayList<>();
        Set<String> present = new HashSet<>();
        try (KeyValueIterator<String, byte[]> records = store().all()) {
            records.forEachRemaining(record -> {
                present.add(record.key);
                Published version = published(record.key, record.value);
                if (version != null) {
                    published.add(version);
                }
            });
        } catch (InvalidStateStoreException e) {
            // not queryable while the instance starts or rebalances: the live model alone, for now
        }
        decoded.keySet().retainAll(present);
        published.sort(Comparator.comparingLong(Published::version).reversed());
        return new Catalog(new Live(model.version(), model.spec().architecture().kind(), model.spec().layers(),
                model.spec().units(), model.spec().horizon(), model.spec().seasonal()), published, topic);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store() {
        return streams.get().store(StoreQueryParameters.fromNameAndType(ScoringTopology.MODEL_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    /** The version a record carries, or null for one that is not a ModelUpdate (the trainer dead-letters it). */
    private Published published(String key, byte[] bytes) {
        Decoded known = decoded.get(key);
        if (known != null && Arrays.equals(known.bytes(), bytes)) {
            return known.published();
        }
        Published version;
        try {
            ModelUpdate update = serde.decode(bytes);
            version = new Published(update.getVersion(), text(update.getCreatedAt()), text(update.getTrainFrom()),
                    text(update.getTrainTo()), update.getSampleCount(), update.getSource(),
                    Map.copyOf(update.getMetrics()), update.getArchitecture(),
                    ModelSignature.problem(update, signingKey) == null);
        } catch (RuntimeException e) {
            version = null;
        }
        decoded.put(key, new Decoded(bytes, version));
        return version;
    }

    private static String text(Object instant) {
        return instant == null ? null : instant.toString();
    }
}
