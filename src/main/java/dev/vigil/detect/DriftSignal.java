package dev.vigil.detect;

import java.util.List;

import dev.vigil.avro.DriftState;
import dev.vigil.stats.Median;
import dev.vigil.stats.RunningMoments;

/**
 * The drift signal: the key's level moving, whether the network follows it or not. The values of the drift
 * window (the newest reading and those before it) are split in two halves; the shift between the median of the
 * newer half and that of the older one is judged by {@link AnomalyLikelihood} against the key's running
 * distribution of that same shift, before it joins it.
 *
 * <p>Why values and not forecast errors: a network that sees a ramp extrapolates it, and one that sees a step
 * settles at the new level within a few readings, so its errors hide exactly the slow changes this signal is
 * for (the demo found 0 of 7 injected drifts judging the mean signed error, and NAB's leave-one-category-out
 * figure rose with the change; see docs/decisions/0009). The shift is kept in the key's raw units rather than
 * scaled: a young key's scale grows over its first cycle, and shifts scaled by it would fill the history with
 * early giants that hide a later drift. Immutable; its stored form is {@link DriftState}.
 *
 * @param history running mean and variance of the absolute shift between the window's halves, raw units
 */
public record DriftSignal(RunningMoments history) {

    public static final DriftSignal NONE = new DriftSignal(RunningMoments.EMPTY);

    public static DriftSignal from(DriftState state) {
        return new DriftSignal(new RunningMoments(state.getMean(), state.getVar(), state.getCount()));
    }

    public DriftState toAvro() {
        return new DriftState(history.mean(), history.variance(), history.count());
    }

    /** A reading's drift score and the signal's state after it. */
    public record Judged(double score, DriftSignal next) {
    }

    /**
     * Judges the shift that {@code value} completes, measured once: its rarity ({@link PublishedScore}) against the
     * history before it, and the state with the shift added. {@code before} are the key's previous values, oldest
     * first; while they do not fill the window the score is 0 and the state unchanged (and the score is 0 while the
     * history is young).
     */
    public Judged judge(List<Double> before, double value, int window, double decades, int memory) {
        if (before.size() + 1 < window) {
            return new Judged(0.0, this);
        }
        double shift = shift(before, value, window);
        return new Judged(AnomalyLikelihood.surprise(shift, history, decades),
                new DriftSignal(history.update(shift, memory)));
    }

    /**
     * |median of the newer half - median of the older half| of the window that ends with {@code value}. Medians, not
     * means: a burst shorter than half the window is not a change of level (a count sensor's bursts are the error
     * signal's to judge), and with means each burst drew its own drift alarm (docs/decisions/0014).
     */
    static double shift(List<Double> before, double value, int window) {
        int half = window / 2;
        int first = before.size() + 1 - 2 * half;
        double[] older = new double[half];
        double[] newer = new double[half];
        for (int i = 0; i < half; i++) {
            older[i] = before.get(first + i);
            newer[i] = first + half + i < before.size() ? before.get(first + half + i) : value;
        }
        return Math.abs(Median.ofSorting(newer) - Median.ofSorting(older));
    }
}
