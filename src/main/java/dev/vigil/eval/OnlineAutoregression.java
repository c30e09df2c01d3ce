package dev.vigil.eval;

import dev.vigil.stats.RecursiveLeastSquares;

/**
 * The baseline a per-sensor statistical forecaster sets: an autoregression on the last {@code order} values, fitted
 * online by recursive least squares with forgetting, one regression per horizon (direct, not iterated), each
 * predicting the change from the last value from the changes back to the older ones. What a careful engineer would
 * run per sensor without a network; measured under the same protocol as Vigil's forecast ({@link ForecastErrors}).
 */
final class OnlineAutoregression {

    /** Forgetting: about the last 1,000 readings count, as Vigil's own per-sensor memories. */
    private static final double FORGETTING = 0.999;

    /** The regularising prior on the coefficients: a fresh regression forecasts "no change". */
    private static final double PRIOR = 100.0;

    private OnlineAutoregression() {
    }

    /** Per row, the forecast made at that row for {@code horizon} rows later; NaN before there is one. */
    static double[] forecasts(double[] values, int order, int horizon) {
        int n = values.length;
        int width = order + 1;
        double[] forecast = new double[n];
        java.util.Arrays.fill(forecast, Double.NaN);
        double[] regression = new double[RecursiveLeastSquares.size(width)];
        RecursiveLeastSquares.reset(regression, 0, width, PRIOR);
        double scale = 0;
        double[] x = new double[width];
        double[] scratch = new double[width];
        for (int t = order; t < n; t++) {
            scale = t == order ? Math.abs(values[t] - values[t - 1]) + 1e-9
                    : 0.99 * scale + 0.01 * Math.abs(values[t] - values[t - 1]);
            // learn from the row whose target is this one: features at t - horizon, target values[t]
            int origin = t - horizon;
            if (origin >= order) {
                features(values, origin, order, scale, x);
                RecursiveLeastSquares.update(regression, 0, width, x, (values[t] - values[origin]) / scale,
                        FORGETTING, scratch);
            }
            features(values, t, order, scale, x);
            forecast[t] = values[t] + scale * RecursiveLeastSquares.predict(regression, 0, width, x);
        }
        return forecast;
    }

    /** The changes from each of the last {@code order} values to the value at {@code t}, in units of the noise, and 1. */
    private static void features(double[] values, int t, int order, double scale, double[] into) {
        for (int k = 1; k <= order; k++) {
            into[k - 1] = (values[t - k] - values[t]) / scale;
        }
        into[order] = 1.0;
    }
}
