package dev.vigil.detect;

import java.util.List;

import dev.vigil.avro.DriftState;
import dev.vigil.stats.RunningMoments;
import dev.vigil.stats.Window;

/**
 * The drift signal: forecast errors that keep falling on one side, a change the network follows too slowly.
 * The absolute mean of the signed errors over the drift window is judged by {@link AnomalyLikelihood} against
 * the key's running distribution of that same value, before it joins it. Errors come normalised by the key's
 * scale. Immutable; its stored form is {@link DriftState}.
 *
 * @param recent  the last signed normalised errors, newest last, at most the drift window
 * @param history running mean and variance of the absolute mean signed error over the window
 */
public record DriftSignal(List<Double> recent, RunningMoments history) {

    public static final DriftSignal NONE = new DriftSignal(List.of(), RunningMoments.EMPTY);

    public static DriftSignal from(DriftState state) {
        return new DriftSignal(state.getRecent(), new RunningMoments(state.getMean(), state.getVar(),
                state.getCount()));
    }

    public DriftState toAvro() {
        return new DriftState(recent, history.mean(), history.variance(), history.count());
    }

    /** The score of the drift that {@code error} makes, in [0, 1]; 0 while the history is young. */
    public double surprise(double error, int window, double decades) {
        return AnomalyLikelihood.surprise(drift(Window.append(recent, error, window), window), history, decades);
    }

    /** The state after {@code error}: the window moved on, its drift added to the history. */
    public DriftSignal next(double error, int window, int memory) {
        List<Double> moved = Window.append(recent, error, window);
        return new DriftSignal(moved, history.update(drift(moved, window), memory));
    }

    /**
     * After a model swap: the history brought to the new model's error size ({@code ratio} of new to old), and
     * the window refilled with the new model's errors on the key's recent values.
     */
    public DriftSignal rescaled(double ratio, List<Double> errors, int window) {
        return new DriftSignal(Window.newest(errors, window), new RunningMoments(history.mean() * ratio,
                history.variance() * ratio * ratio, history.count()));
    }

    private static double drift(List<Double> errors, int window) {
        return Math.abs(Window.meanOfNewest(errors, window, false));
    }
}
