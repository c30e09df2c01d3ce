package dev.vigil.score;

import dev.vigil.avro.ReferenceState;
import dev.vigil.avro.SensorState;
import dev.vigil.model.Forecaster;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkMemory;

/**
 * Detection's reference network, where one is configured ({@code detect.reference}): a fixed network stepped beside
 * the live one, whose one-step forecast the error signal judges instead of the live network's. The live network
 * publishes the forecasts and may be retrained and swapped; the reference never changes while an instance runs, so
 * detection's yardstick does not move with the forecasts (docs/decisions/0037-a-reference-network-for-detection.md).
 *
 * <p>The key's memory of it and its latest forecast are the state's {@code reference} record, known by the
 * reference's fingerprint. A state without one (a fresh key, a key judged against the live network until now) or of
 * another reference is brought over as a model swap brings the live network over ({@link ModelRewarm}): the memory
 * rebuilt from the key's ring, and the error history, which was of another network's errors, rescaled to this one's.
 */
final class ReferenceJudge {

    private final ModelRewarm rewarm;

    ReferenceJudge(ModelRewarm rewarm) {
        this.rewarm = rewarm;
    }

    /**
     * The key's memory of {@code reference}: the stored one, or one rebuilt from the key's ring and {@code day} (its
     * day before this reading), with the error history rescaled and the forecast this reading is judged against set.
     */
    NetworkMemory memory(SensorState state, Forecaster reference, DayMemory day) {
        ModelSpec spec = reference.spec();
        ReferenceState stored = state.getReference();
        if (stored != null && stored.getVersion() == spec.version()) {
            return spec.architecture().restore(stored.getNetwork(), spec);
        }
        if (state.getSteps() == 0) {
            return spec.architecture().zero(spec);
        }
        ModelRewarm.Rebuilt rebuilt = rewarm.rebuild(state, spec, reference, day);
        rewarm.rescaleErrors(state, rebuilt);
        remember(state, spec, rebuilt.memory(), rebuilt.forecast());
        return rebuilt.memory();
    }

    /** The reference's forecast of this reading, made at the previous one; null before there is one. */
    static Double forecast(SensorState state) {
        ReferenceState stored = state.getReference();
        return stored == null || Double.isNaN(stored.getForecast()) ? null : stored.getForecast();
    }

    /** Keeps the key's memory of the reference and its forecast of the next reading (raw units). */
    static void remember(SensorState state, ModelSpec spec, NetworkMemory memory, double forecast) {
        state.setReference(new ReferenceState(spec.version(), memory.toAvro(), forecast));
    }
}
