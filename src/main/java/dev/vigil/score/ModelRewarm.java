package dev.vigil.score;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.SensorState;
import dev.vigil.detect.ErrorSurprise;
import dev.vigil.model.Forecaster;
import dev.vigil.model.NetworkMemory;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkInput;
import dev.vigil.model.RunningScaler;

/**
 * Brings a key over to the model that scores it now (docs/DESIGN.md, decision 7). A state built by another model version
 * is rebuilt by running this model over the key's recent raw values, so a model swap keeps the key warm.
 *
 * <p>The error detector is brought over too (the drift signal judges values, not errors, and needs nothing): the key's error history was of the old model's errors, and a
 * model with errors of another size would be judged against the wrong yardstick (a worse one raises a burst of
 * flags, a better one goes deaf). The new model's errors on the same recent values give the ratio of the two
 * sizes, and the history is rescaled by it; the forecast the next reading is judged against becomes the new
 * model's.
 */
final class ModelRewarm {

    /** Bounds of the error-size ratio of a new model to the old one: a few odd values must not blind the key. */
    private static final double MIN_RESCALE = 0.1;
    private static final double MAX_RESCALE = 10;

    private final ScoringSettings settings;

    ModelRewarm(ScoringSettings settings) {
        this.settings = settings;
    }

    /** Whether scoring {@code state} on {@code spec} rebuilds the key's network state: a state of another version. */
    static boolean needed(SensorState state, ModelSpec spec) {
        return state.getSteps() > 0 && state.getModelVersion() != spec.version();
    }

    /**
     * The key's network state for this model: the stored one, or one rebuilt after a swap (updating the state) from
     * its ring and {@code day}, its day before this reading (which holds the same newest values as the ring, and the
     * day before them). {@code judged}: detection judges this network's forecast (no reference network), so its error
     * history is rescaled to the new model's errors and the reading is judged against the new model's forecast.
     */
    NetworkMemory network(SensorState state, ModelSpec spec, Forecaster forecaster, DayMemory day, boolean judged) {
        if (!needed(state, spec)) {
            return spec.architecture().restore(state.getNetwork(), spec);
        }
        Rebuilt rebuilt = rebuild(state, spec, forecaster, day);
        if (judged) {
            rescaleErrors(state, rebuilt);
        }
        if (!Double.isNaN(rebuilt.forecast())) {
            state.setCombiner(ForecastCombiner.State.from(state.getCombiner())
                    .withLatestNetworkForecast(rebuilt.forecast()).toAvro());
        }
        return rebuilt.memory();
    }

    /**
     * A network's memory of a key rebuilt by running it over the key's ring, its one-step forecast of the next reading
     * (raw units; NaN for an empty ring), and its errors on the ring (the sum of their sizes in raw units, and each
     * normalised by the key's scale), the first {@link SensorScorer#SETTLE_STEPS} left out.
     */
    record Rebuilt(NetworkMemory memory, double forecast, double sumAbsError, List<Double> errors) {
    }

    Rebuilt rebuild(SensorState state, ModelSpec spec, Forecaster forecaster, DayMemory day) {
        NetworkMemory rebuilt = spec.architecture().zero(spec);
        RunningScaler scaler = RunningScaler.from(state.getScaler());
        List<Double> ring = state.getRecent();
        List<Double> errors = new ArrayList<>();
        double sumAbsError = 0;
        float[] forecast = null;
        for (int i = 0; i < ring.size(); i++) {
            double value = ring.get(i);
            // the first steps from a zero state are not the model's real errors
            if (forecast != null && i >= SensorScorer.SETTLE_STEPS) {
                double error = value - scaler.fromScaled(forecast[0]);
                sumAbsError += Math.abs(error);
                errors.add(error / scaler.scale());
            }
            float[] dayAgo = day.dayAgo(ring.size() - 1 - i, spec.horizon(), scaler);
            float previous = i > 0 ? scaler.toScaled(ring.get(i - 1)) : Float.NaN;
            forecast = forecaster.step(NetworkInput.of(spec, scaler.toScaled(value), previous, dayAgo), rebuilt);
        }
        return new Rebuilt(rebuilt, forecast == null ? Double.NaN : scaler.fromScaled(forecast[0]), sumAbsError,
                errors);
    }

    /**
     * The key's error history and interval rescaled by the size of {@code rebuilt}'s errors against the errors they
     * hold: the network detection judges has changed.
     */
    void rescaleErrors(SensorState state, Rebuilt rebuilt) {
        PredictionInterval interval = PredictionInterval.from(state.getInterval());
        int counted = rebuilt.errors().size();
        if (counted > 0 && interval.count() > 0 && interval.meanAbsError() > 0) {
            double ratio = Math.max(MIN_RESCALE,
                    Math.min(MAX_RESCALE, rebuilt.sumAbsError() / counted / interval.meanAbsError()));
            state.setError(ErrorSurprise.from(state.getError())
                    .rescaled(ratio, rebuilt.errors(), settings.shortWindow()).toAvro());
            state.setInterval(interval.rescaled(ratio).toAvro());
        }
    }
}
