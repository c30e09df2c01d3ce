package dev.vigil.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The model an instance scores with now. One per running topology, shared by its stream threads: a new version
 * replaces the old one atomically, and each thread notices the change on its next record and takes a forecaster
 * of its own for it (DL4J networks are not thread-safe, so the model itself is never stepped).
 */
public final class LiveModel {

    /** Fine-tunes kept in {@link #fineTunedFrom}: a key further behind than this many swaps re-warms. */
    static final int LINEAGE_KEPT = 16;

    private final AtomicReference<ForecastModel> current;
    /**
     * The parent of each recent version that went live here as a fine-tune of the version then live, of its shape
     * (an immutable copy, replaced on each offer: read by the stream threads for each key a swap finds behind).
     */
    private final AtomicReference<Map<Long, Long>> fineTunedFrom = new AtomicReference<>(Map.of());
    private final Function<ForecastModel, Forecaster> forecasters;
    private final InferenceEngine engine;
    /** Detection's fixed reference network (version: its fingerprint); null where detection judges the live one. */
    private final ForecastModel reference;

    /**
     * @param initial     the model to start with
     * @param forecasters how a thread gets its forecaster for a model (the engine; the benchmark's no-op)
     */
    public LiveModel(ForecastModel initial, Function<ForecastModel, Forecaster> forecasters) {
        this(initial, forecasters, null);
    }

    /**
     * The same, refusing the models {@code engine} cannot step ({@link Architecture#steppableBy}): an update of
     * such a model is not made live, so no stream thread fails taking a forecaster for it.
     *
     * @throws IllegalArgumentException if {@code engine} cannot step {@code initial}
     */
    public LiveModel(ForecastModel initial, Function<ForecastModel, Forecaster> forecasters, InferenceEngine engine) {
        this(initial, forecasters, engine, null);
    }

    /**
     * The same, with {@code reference} (null for none) as the network whose one-step forecast detection judges instead
     * of the live model's. It never changes while the instance runs, and is known by its weights' fingerprint.
     *
     * @throws IllegalArgumentException if {@code engine} cannot step {@code initial} or {@code reference}
     */
    public LiveModel(ForecastModel initial, Function<ForecastModel, Forecaster> forecasters, InferenceEngine engine,
                     ForecastModel reference) {
        this.engine = engine;
        this.forecasters = Objects.requireNonNull(forecasters);
        requireSteppable(Objects.requireNonNull(initial));
        this.current = new AtomicReference<>(initial);
        if (reference != null) {
            requireSteppable(reference);
        }
        this.reference = reference == null ? null : reference.withVersion(reference.fingerprint());
    }

    /** On the configured engine. */
    public static LiveModel of(ForecastModel initial, InferenceEngine engine) {
        return of(initial, engine, null);
    }

    /** On the configured engine, detection judging {@code reference} (null: the live model). */
    public static LiveModel of(ForecastModel initial, InferenceEngine engine, ForecastModel reference) {
        return new LiveModel(initial, model -> model.newForecaster(engine), engine, reference);
    }

    public ForecastModel current() {
        return current.get();
    }

    public long version() {
        return current.get().version();
    }

    /**
     * Makes {@code model} live if its version is newer than the live one's (versions only grow: a rollback is
     * republished under a new version). Returns whether it did.
     *
     * @throws IllegalArgumentException if this live model's engine cannot step {@code model}
     */
    public boolean offer(ForecastModel model) {
        return offer(model, OptionalLong.empty());
    }

    /**
     * The same, for a model fine-tuned from version {@code parent} ({@link ModelLineage}): when that is the version
     * live now and the model has its shape, a key's memory of the parent carries over to it ({@link #carriesOver}).
     */
    public synchronized boolean offer(ForecastModel model, OptionalLong parent) {
        requireSteppable(model);
        ForecastModel live = current.get();
        if (model.version() <= live.version()) {
            return false;
        }
        if (parent.isPresent() && parent.getAsLong() == live.version()
                && model.spec().equals(live.spec().withVersion(model.version()))) {
            Map<Long, Long> lineage = new HashMap<>(fineTunedFrom.get());
            lineage.put(model.version(), live.version());
            if (lineage.size() > LINEAGE_KEPT) {
                lineage.remove(Collections.min(lineage.keySet()));
            }
            fineTunedFrom.set(Map.copyOf(lineage));
        }
        // one forecaster here, on the thread that offers the model, so that what its forecasters share (a relative
        // network's change at rest: thousands of steps) is measured before any stream thread takes one
        forecasters.apply(model);
        // the lineage first: a thread that sees the new version sees where it came from
        current.set(model);
        return true;
    }

    /**
     * Whether a key's network memory of version {@code from} is a memory of version {@code to} as well: {@code to}
     * went live here along a line of fine-tunes from {@code from}, each of its parent's shape, so their cells read
     * the memory alike. A swap along that line needs no re-warm. Not known after a restart: such keys re-warm.
     */
    public boolean carriesOver(long from, long to) {
        Map<Long, Long> lineage = fineTunedFrom.get();
        Long version = to;
        while (version != null && version > from) {
            version = lineage.get(version);
        }
        return version != null && version == from;
    }

    private void requireSteppable(ForecastModel model) {
        if (engine != null && !model.spec().architecture().steppableBy(engine)) {
            throw new IllegalArgumentException("model v" + model.version() + " is a "
                    + model.spec().architecture().kind() + " network, which the "
                    + engine.name().toLowerCase(Locale.ROOT) + " inference engine cannot step");
        }
    }

    /** A forecaster of the live model for the calling thread. */
    public Forecaster newForecaster() {
        return forecasters.apply(current.get());
    }

    /**
     * A forecaster of detection's reference network for the calling thread; null where detection judges the live
     * one.
     */
    public Forecaster newReference() {
        return reference == null ? null : forecasters.apply(reference);
    }
}
