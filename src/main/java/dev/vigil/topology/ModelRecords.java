package dev.vigil.topology;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.kafka.ModelLog;
import dev.vigil.model.ModelSignature;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Records of the models topic: keyed by the zero-padded version, so that compaction keeps one record per version
 * and the store's key order is version order. The {@value ScoringTopology#MODEL_STORE} global store holds them
 * as raw bytes, exactly as on the topic: a record that does not decode or verify must not stop an instance, it is
 * judged (and dead-lettered once, by the trainer task) when read.
 */
final class ModelRecords {

    private static final AvroSerde<ModelUpdate> SERDE = new AvroSerde<>(ModelUpdate.getClassSchema());

    /** An update that decoded and verified, or why it did not. */
    record Verdict(String key, ModelUpdate update, String problem) {
        boolean trusted() {
            return problem == null;
        }
    }

    private ModelRecords() {
    }

    static String key(long version) {
        return ModelLog.key(version);
    }

    static byte[] encode(ModelUpdate update) {
        return SERDE.encode(update);
    }

    static Verdict judge(String key, byte[] bytes, byte[] signingKey) {
        ModelUpdate update;
        try {
            update = SERDE.decode(bytes);
        } catch (RuntimeException e) {
            return new Verdict(key, null, "record '" + key + "' on the models topic is not a ModelUpdate: "
                    + e.getMessage());
        }
        if (!key(update.getVersion()).equals(key)) {
            return new Verdict(key, update, "record '" + key + "' carries model version " + update.getVersion()
                    + "; the key must be the zero-padded version");
        }
        return new Verdict(key, update, ModelSignature.problem(update, signingKey));
    }

    /** The newest trusted update in the store, or null. */
    static ModelUpdate newestTrusted(ReadOnlyKeyValueStore<String, byte[]> store, byte[] signingKey) {
        try (KeyValueIterator<String, byte[]> newestFirst = store.reverseAll()) {
            while (newestFirst.hasNext()) {
                KeyValue<String, byte[]> entry = newestFirst.next();
                Verdict verdict = judge(entry.key, entry.value, signingKey);
                if (verdict.trusted()) {
                    return verdict.update();
                }
            }
        }
        return null;
    }
}
