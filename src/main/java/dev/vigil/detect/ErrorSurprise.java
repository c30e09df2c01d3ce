package dev.vigil.detect;

import java.util.List;

import dev.vigil.avro.ErrorState;
import dev.vigil.stats.RunningMoments;
import dev.vigil.stats.Window;

/**
 * The forecast-error signal: how unusual the key's recent forecast errors are for this key. The mean absolute
 * error over a short window is judged by {@link AnomalyLikelihood} against the key's running distribution of
 * that same mean, before it joins it (an incident does not dilute itself). Errors come normalised by the key's
 * scale, so the history is unit-free. Immutable; its stored form is {@link ErrorState}.
 *
 * @param recent  the last signed normalised errors, newest last, at most the short window
 * @param history running mean and variance of the short-window mean absolute error
 */
public record ErrorSurprise(List<Double> recent, RunningMoments history) {

    public static final ErrorSurprise NONE = new ErrorSurprise(List.of(), RunningMoments.EMPTY);

    public static ErrorSurprise from(ErrorState state) {
        return new ErrorSurprise(state.getRecent(), new RunningMoments(state.getMean(), state.getVar(),
                state.getCount()));
    }

    public ErrorState toAvro() {
        return new ErrorState(recent, history.mean(), history.variance(), history.count());
    }

    /** The rarity of the window that {@code error} completes ({@link PublishedScore}); 0 while the history is young. */
    public double surprise(double error, int window, double decades) {
        return AnomalyLikelihood.surprise(windowMean(Window.append(recent, error, window), window), history,
                decades);
    }

    /** The state after {@code error}: the window moved on, its mean added to the history. */
    public ErrorSurprise next(double error, int window, int memory) {
        List<Double> moved = Window.append(recent, error, window);
        return new ErrorSurprise(moved, history.update(windowMean(moved, window), memory));
    }

    /**
     * The score of the window as it stands against the history as it stands (for queries: the published score
     * was judged before the last error joined the history, so the two can differ slightly); 0 before any error.
     */
    public double standing(int window, double decades) {
        return recent.isEmpty() ? 0.0 : AnomalyLikelihood.surprise(windowMean(recent, window), history, decades);
    }

    /**
     * After a model swap: the history brought to the new model's error size ({@code ratio} of new to old), and
     * the window refilled with the new model's errors on the key's recent values.
     */
    public ErrorSurprise rescaled(double ratio, List<Double> errors, int window) {
        return new ErrorSurprise(Window.newest(errors, window), new RunningMoments(history.mean() * ratio,
                history.variance() * ratio * ratio, history.count()));
    }

    private static double windowMean(List<Double> errors, int window) {
        return Window.meanAbsOfNewest(errors, window);
    }
}
