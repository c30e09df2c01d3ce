package dev.vigil.topology;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.model.LiveModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelLineage;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@value ScoringTopology#MODEL_STORE} global store a copy of the models topic on every instance, and
 * makes each newer trusted model live there and then: the stream threads pick it up on their next record.
 */
final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);

    private final LiveModel live;
    private final byte[] signingKey;
    private KeyValueStore<String, byte[]> store;

    ModelStoreUpdater(LiveModel live, byte[] signingKey) {
        this.live = live;
        this.signingKey = signingKey;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ScoringTopology.MODEL_STORE);
        // a global store is restored straight from the topic, past this processor: look at what it holds
        ModelUpdate newest = ModelRecords.newestTrusted(store, signingKey);
        if (newest != null) {
            offer(newest);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warn("ignoring a record without a key on the models topic");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        ModelRecords.Verdict verdict = ModelRecords.judge(record.key(), record.value(), signingKey);
        if (!verdict.trusted()) {
            LOG.warn("not using a model update: {}", verdict.problem());
            return;
        }
        offer(verdict.update());
    }

    private void offer(ModelUpdate update) {
        if (update.getVersion() <= live.version()) {
            return;
        }
        try {
            if (live.offer(ModelCodec.fromUpdate(update), ModelLineage.parentOf(update.getSource()))) {
                LOG.info("model v{} is live ({}; metrics {})", update.getVersion(), update.getSource(),
                        update.getMetrics());
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("not using a model update: {}", e.getMessage());
        }
    }
}
