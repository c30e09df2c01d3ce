package dev.vigil.topology;

import java.util.List;
import java.util.function.Supplier;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;
import dev.vigil.avro.SensorState;
import dev.vigil.model.Forecaster;
import dev.vigil.score.SensorScorer;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores each valid reading against its sensor's state in the {@value ScoringTopology#STATE_STORE} store and
 * forwards the forecast, and an anomaly event when an episode opens or closes. A reading older than the key's
 * last one is dead-lettered and leaves the state as it was.
 *
 * <p>Each instance (one per task, so never shared between threads) owns its own network copy.
 */
final class SensorScoringProcessor implements Processor<String, ValidReading, String, Object> {

    private final SensorScorer scorer;
    private final Supplier<Forecaster> forecasters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SensorState> store;
    private Forecaster forecaster;

    SensorScoringProcessor(SensorScorer scorer, Supplier<Forecaster> forecasters) {
        this.scorer = scorer;
        this.forecasters = forecasters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(ScoringTopology.STATE_STORE);
        this.forecaster = forecasters.get();
    }

    @Override
    public void process(Record<String, ValidReading> record) {
        SensorReading reading = record.value().reading();
        long eventTime = reading.getEventTime().toEpochMilli();
        SensorState state = store.get(record.key());
        if (state != null && eventTime < state.getLastEventTime()) {
            reject(record, DeadLetterReason.OUT_OF_ORDER, "event_time " + reading.getEventTime()
                    + " is older than this sensor's last reading at " + java.time.Instant.ofEpochMilli(
                    state.getLastEventTime()));
            return;
        }
        SensorScorer.Scored scored;
        try {
            scored = scorer.score(List.of(new SensorScorer.Input(record.key(), state, eventTime, reading.getValue())),
                    forecaster).get(0);
        } catch (RuntimeException e) {
            reject(record, DeadLetterReason.PROCESSING_ERROR, e.toString());
            return;
        }
        store.put(record.key(), scored.state());
        context.forward(record.withValue(scored.forecast()), ScoringTopology.FORECAST_SINK);
        if (scored.event() != null) {
            context.forward(record.withValue(scored.event()), ScoringTopology.ANOMALY_SINK);
        }
    }

    private void reject(Record<String, ValidReading> record, DeadLetterReason reason, String detail) {
        byte[] original = record.value().original();
        context.forward(record.withValue(DeadLetters.envelope(context, record, original, reason, detail)),
                ScoringTopology.DEAD_LETTER_SINK);
    }
}
