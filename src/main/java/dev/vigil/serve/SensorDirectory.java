package dev.vigil.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.vigil.avro.SensorState;
import dev.vigil.topology.ScoringTopology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where each sensor's state is, through Kafka Streams' interactive queries: this instance's part of the
 * {@value ScoringTopology#STATE_STORE} store, and, when several instances share the application id, which of
 * them owns a given sensor (they publish their {@code application.server} in the group's metadata).
 */
final class SensorDirectory {

    /** Where a sensor lives: here, at another instance, or nowhere right now (a rebalance is moving it). */
    sealed interface Location permits Here, There, Unknown {
    }

    record Here() implements Location {
    }

    record There(HostInfo host) implements Location {
    }

    record Unknown() implements Location {
    }

    private final KafkaStreams streams;
    /** This instance as the others know it; null when it runs alone (no application.server). */
    private final HostInfo self;

    SensorDirectory(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    Location locate(String sensorId) {
        if (self == null) {
            return new Here();
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(ScoringTopology.STATE_STORE, sensorId,
                Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unknown();
        }
        return metadata.activeHost().equals(self) ? new Here() : new There(metadata.activeHost());
    }

    /** The sensor's state in this instance's store, if it is here. */
    Optional<SensorState> local(String sensorId) {
        return Optional.ofNullable(store().get(sensorId));
    }

    /** Visits every sensor held here (active tasks only). */
    void forEachLocal(Consumer<SensorEntry> visitor) {
        try (KeyValueIterator<String, SensorState> all = store().all()) {
            all.forEachRemaining(entry -> visitor.accept(new SensorEntry(entry.key, entry.value)));
        }
    }

    /** The other instances of this application that run the scoring store. */
    List<HostInfo> peers() {
        List<HostInfo> peers = new ArrayList<>();
        if (self == null) {
            return peers;
        }
        for (StreamsMetadata instance : streams.streamsMetadataForStore(ScoringTopology.STATE_STORE)) {
            if (!instance.hostInfo().equals(self)) {
                peers.add(instance.hostInfo());
            }
        }
        return peers;
    }

    /** Throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while the store is not queryable. */
    private ReadOnlyKeyValueStore<String, SensorState> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(ScoringTopology.STATE_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    record SensorEntry(String sensorId, SensorState state) {
    }
}
