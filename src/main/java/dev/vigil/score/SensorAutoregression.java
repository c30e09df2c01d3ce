package dev.vigil.score;

import java.util.List;

import dev.vigil.stats.RecursiveLeastSquares;

/**
 * The key's own autoregression on its last {@value #ORDER} changes: what a careful engineer would run per sensor
 * without a network (the online AR baseline `vigil eval` reports, at a smaller order), one direct regression for step
 * 1 and one for step H, each predicting the change from the last value in units of the key's mean absolute change.
 * The combiner weighs its forecast beside the network's: on a smooth sensor it carries momentum the shared network
 * does not; on others the combiner learns to ignore it (decision 0020).
 *
 * <p>Fitted by normalised least mean squares, not the baseline's recursive least squares: weights only, 19 numbers a
 * key instead of 109, which keeps a sensor's state within its budget, and on NAB the combined forecasts were as good
 * (0.858 / 0.831 against 0.857 / 0.836).
 *
 * <p>State, one array: the mean absolute change (0 before the first), then the step-1 and the step-H weights.
 */
final class SensorAutoregression {

    /** Changes regressed on. AR(8) forecast as well as AR(16) inside the combiner on NAB, at a quarter of the state. */
    static final int ORDER = 8;

    /**
     * The step size of each update, as a share of the way to fitting the newest pair exactly: small, so that a key's
     * weights average over about the last hundred readings (0.05 and 0.2 gave the same combined forecasts on NAB).
     */
    private static final double STEP = 0.05;

    /** Errors beyond this many mean changes are clipped: one wild reading must not swing the weights. */
    private static final double CLIP = 8.0;

    private static final int WIDTH = ORDER + 1;

    /** Doubles a key's autoregression keeps. */
    static final int SIZE = 1 + 2 * WIDTH;

    private final int horizon;
    private final double[] x = new double[WIDTH];

    SensorAutoregression(int horizon) {
        this.horizon = horizon;
    }

    /**
     * A key's state as stored, or before its first value (weights 0, a forecast of "no change") where none of this
     * layout was stored or it holds a number that is not finite.
     */
    static double[] restore(List<Double> stored) {
        double[] state = new double[SIZE];
        if (stored.size() != SIZE) {
            return state;
        }
        for (int i = 0; i < SIZE; i++) {
            double number = stored.get(i);
            if (!Double.isFinite(number)) {
                return new double[SIZE];
            }
            state[i] = number;
        }
        return state;
    }

    /**
     * Learns from the newest value and forecasts from it: steps 1 and H in the key's units, NaN while fewer than
     * {@value #ORDER} values came before it.
     *
     * @param state  the key's state, updated in place
     * @param before the key's values before this one, oldest first (its recent window)
     */
    double[] next(double[] state, List<Double> before, double value) {
        // the newest value and the ORDER + H before it are all a step reads: a longer window adds nothing
        int kept = Math.min(before.size(), ORDER + horizon);
        double[] values = new double[kept + 1];
        for (int i = 0; i < kept; i++) {
            values[i] = before.get(before.size() - kept + i);
        }
        values[kept] = value;
        int t = kept;
        double[] forecast = {Double.NaN, Double.NaN};
        if (t < ORDER) {
            return forecast;
        }
        double change = Math.abs(values[t] - values[t - 1]);
        state[0] = state[0] == 0 ? change + 1e-9 : 0.99 * state[0] + 0.01 * change;
        double scale = state[0];
        int[] steps = {1, horizon};
        for (int r = 0; r < 2; r++) {
            int at = 1 + r * WIDTH;
            // learn from the value whose target is this one: the features steps[r] readings ago
            int origin = t - steps[r];
            if (origin >= ORDER) {
                features(values, origin, scale);
                double error = (values[t] - values[origin]) / scale
                        - RecursiveLeastSquares.predict(state, at, WIDTH, x);
                error = Math.max(-CLIP, Math.min(CLIP, error));
                double norm = 1.0;
                for (double feature : x) {
                    norm += feature * feature;
                }
                for (int i = 0; i < WIDTH; i++) {
                    state[at + i] += STEP * error * x[i] / norm;
                }
            }
            features(values, t, scale);
            forecast[r] = values[t] + scale * RecursiveLeastSquares.predict(state, at, WIDTH, x);
        }
        return forecast;
    }

    /** The changes from each of the {@value #ORDER} values before {@code t} to it, in units of the noise, and 1. */
    private void features(double[] values, int t, double scale) {
        for (int k = 1; k <= ORDER; k++) {
            x[k - 1] = (values[t - k] - values[t]) / scale;
        }
        x[ORDER] = 1.0;
    }
}
