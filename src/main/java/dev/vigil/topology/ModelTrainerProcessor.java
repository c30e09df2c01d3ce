package dev.vigil.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.ModelUpdate;
import dev.vigil.avro.TrainingSample;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.LiveModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelSignature;
import dev.vigil.train.RetrainSettings;
import dev.vigil.train.CpuShare;
import dev.vigil.train.Retrainer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task that owns the one partition of the training-samples topic, so there is one in the whole cluster: it
 * keeps the reservoir of windows, retrains on schedule, publishes a candidate that beats the live model to the
 * models topic under the next version (signed when a key is set) and deletes versions beyond the ones kept. It
 * also reads every new record of the models topic once and dead-letters those no instance will trust.
 *
 * <p>Live, training runs on a thread of its own and never blocks the stream thread; the result is published from
 * the stream thread at the next tick. In replay it runs inline at stream-time ticks, so the same input gives the
 * same output.
 */
final class ModelTrainerProcessor implements Processor<String, TrainingSample, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainerProcessor.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long closing waits for a retrain in flight to stop: one minibatch, or one held-out window, with room. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final LiveModel live;
    private final RetrainSettings settings;
    private final ScoringTopology.TrainingMode mode;
    private final byte[] signingKey;
    private final String modelsTopic;
    private ProcessorContext<String, Object> context;
    private TrainingReservoir reservoir;
    /** Keys of the models topic already checked, with when. */
    private KeyValueStore<String, Long> audited;
    private ReadOnlyKeyValueStore<String, byte[]> models;
    private ExecutorService trainerThread;
    private Future<Retrainer.Outcome> inFlight;
    private long inFlightBase;

    ModelTrainerProcessor(LiveModel live, RetrainSettings settings, ScoringTopology.TrainingMode mode,
                          byte[] signingKey, String modelsTopic) {
        this.live = live;
        this.settings = settings;
        this.mode = mode;
        this.signingKey = signingKey;
        this.modelsTopic = modelsTopic;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.audited = context.getStateStore(ScoringTopology.AUDITED_MODELS_STORE);
        this.models = context.getStateStore(ScoringTopology.MODEL_STORE);
        if (settings != null) {
            reservoir = new TrainingReservoir(context.getStateStore(ScoringTopology.RESERVOIR_STORE),
                    settings.reservoirSensors(), settings.windowsPerSensor(), RetrainSettings.SEED);
        }
        if (mode == ScoringTopology.TrainingMode.INLINE) {
            if (settings != null) {
                context.schedule(settings.replayInterval(), PunctuationType.STREAM_TIME, now -> {
                    audit();
                    retrainInline();
                });
            }
        } else {
            if (settings != null) {
                trainerThread = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "vigil-trainer");
                    thread.setDaemon(true);
                    return thread;
                });
                context.schedule(settings.interval(), PunctuationType.WALL_CLOCK_TIME, now -> startRetrain());
            }
            context.schedule(POLL, PunctuationType.WALL_CLOCK_TIME, now -> {
                audit();
                collectRetrain();
            });
        }
    }

    @Override
    public void process(Record<String, TrainingSample> record) {
        if (reservoir != null && record.value() != null
                && record.value().getScaled().size() == settings.windowLength() + settings.horizon()) {
            reservoir.add(record.value());
        }
    }

    /**
     * Stops a retrain in flight and waits for it: the fit checks for the interrupt between minibatches (milliseconds
     * apart), so a retrain does not go on using a core, and nd4j's buffers, after its instance has closed.
     */
    @Override
    public void close() {
        if (trainerThread == null) {
            return;
        }
        trainerThread.shutdownNow();
        try {
            if (!trainerThread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the retrain in flight did not stop within {}; closing without it", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retrainInline() {
        if (reservoir.size() >= settings.minSamples()) {
            publishIfBetter(new Retrainer(settings).retrain(live.current(), samples()));
        }
    }

    private void startRetrain() {
        if (inFlight != null || reservoir.size() < settings.minSamples()) {
            return;
        }
        ForecastModel base = live.current();
        List<Retrainer.Sample> samples = samples();
        inFlightBase = base.version();
        LOG.info("retraining v{} on {} windows", base.version(), samples.size());
        // paced to its share of a core: flat out it took a core for seconds beside the stream thread (decision 0017)
        inFlight = trainerThread.submit(() -> new Retrainer(settings, new CpuShare(settings.cpuShare()))
                .retrain(base, samples));
    }

    private void collectRetrain() {
        if (inFlight == null || !inFlight.isDone()) {
            return;
        }
        Future<Retrainer.Outcome> done = inFlight;
        inFlight = null;
        try {
            Retrainer.Outcome outcome = done.get();
            if (live.version() != inFlightBase) {
                LOG.info("dropping a candidate trained from v{}: v{} went live meanwhile", inFlightBase,
                        live.version());
                return;
            }
            publishIfBetter(outcome);
        } catch (ExecutionException e) {
            LOG.error("retraining failed; the live model stays", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Retrainer.Sample> samples() {
        List<Retrainer.Sample> samples = new ArrayList<>(reservoir.size());
        for (TrainingSample sample : reservoir.all()) {
            samples.add(new Retrainer.Sample(sample.getEventTime().toEpochMilli(), floats(sample.getScaled()),
                    floats(sample.getDayAgo())));
        }
        return samples;
    }

    private static float[] floats(List<Float> list) {
        float[] array = new float[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i);
        }
        return array;
    }

    private void publishIfBetter(Retrainer.Outcome outcome) {
        if (!outcome.publish()) {
            LOG.info("candidate not published: {}", outcome.reason());
            return;
        }
        long version = Math.max(live.version(), newestStoredVersion()) + 1;
        ModelUpdate update = ModelUpdate.newBuilder(outcome.update()).setVersion(version).build();
        if (signingKey != null) {
            update = ModelSignature.sign(update, signingKey);
        }
        long now = context.currentSystemTimeMs();
        context.forward(new Record<>(ModelRecords.key(version), (Object) ModelRecords.encode(update), now),
                ScoringTopology.MODEL_SINK);
        LOG.info("published model v{}: {}", version, outcome.reason());
        deleteVersionsBefore(version - settings.keepVersions() + 1, now);
    }

    /** Tombstones every stored version older than {@code oldestKept}: compaction then removes them. */
    private void deleteVersionsBefore(long oldestKept, long now) {
        if (oldestKept <= 0) {
            return;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = models.range(null, ModelRecords.key(oldestKept - 1))) {
            entries.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(key -> context.forward(new Record<>(key, null, now), ScoringTopology.MODEL_SINK));
    }

    /** The newest version on the topic (trusted or not: a new version must be above every one there). */
    private long newestStoredVersion() {
        ModelUpdate newest = ModelRecords.newestTrusted(models, null);
        return newest == null ? 0 : newest.getVersion();
    }

    /**
     * Dead-letters, once, each record of the models topic that instances will not use. The meta store remembers
     * which keys were looked at (the models topic holds a few dozen records, so a full pass is cheap).
     */
    private void audit() {
        List<KeyValue<String, byte[]>> fresh = new ArrayList<>();
        Set<String> present = new HashSet<>();
        try (KeyValueIterator<String, byte[]> entries = models.all()) {
            entries.forEachRemaining(entry -> {
                present.add(entry.key);
                if (audited.get(entry.key) == null) {
                    fresh.add(entry);
                }
            });
        }
        for (KeyValue<String, byte[]> entry : fresh) {
            ModelRecords.Verdict verdict = ModelRecords.judge(entry.key, entry.value, signingKey);
            String problem = verdict.trusted() ? loadProblem(verdict.update()) : verdict.problem();
            if (problem != null) {
                deadLetter(entry, verdict, problem);
            }
            audited.put(entry.key, context.currentSystemTimeMs());
        }
        // forget the keys compaction has deleted, so the meta store stays as small as the topic
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Long> entries = audited.all()) {
            entries.forEachRemaining(entry -> {
                if (!present.contains(entry.key)) {
                    gone.add(entry.key);
                }
            });
        }
        gone.forEach(audited::delete);
    }

    private static String loadProblem(ModelUpdate update) {
        try {
            ModelCodec.fromUpdate(update);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void deadLetter(KeyValue<String, byte[]> entry, ModelRecords.Verdict verdict, String problem) {
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(verdict.update() == null ? DeadLetterReason.UNDECODABLE : DeadLetterReason.UNVERIFIED_MODEL)
                .setDetail(problem)
                .setSourceTopic(modelsTopic)
                .setSourcePartition(0)
                .setOriginalKey(ByteBuffer.wrap(entry.key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(entry.value))
                .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        LOG.warn("dead-lettered a model update: {}", problem);
        context.forward(new Record<>(entry.key, (Object) letter, context.currentSystemTimeMs()),
                ScoringTopology.TRAINER_DEAD_LETTER_SINK);
    }
}
