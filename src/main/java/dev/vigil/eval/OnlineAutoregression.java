package dev.vigil.eval;

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
        double[] weights = new double[width];
        double[][] p = new double[width][width];
        for (int i = 0; i < width; i++) {
            p[i][i] = PRIOR;
        }
        double scale = 0;
        double[] x = new double[width];
        double[] px = new double[width];
        for (int t = order; t < n; t++) {
            scale = t == order ? Math.abs(values[t] - values[t - 1]) + 1e-9
                    : 0.99 * scale + 0.01 * Math.abs(values[t] - values[t - 1]);
            // learn from the row whose target is this one: features at t - horizon, target values[t]
            int origin = t - horizon;
            if (origin >= order) {
                features(values, origin, order, scale, x);
                double error = (values[t] - values[origin]) / scale - dot(weights, x);
                for (int i = 0; i < width; i++) {
                    px[i] = dot(p[i], x);
                }
                double gain = FORGETTING + dot(x, px);
                for (int i = 0; i < width; i++) {
                    weights[i] += px[i] * error / gain;
                }
                for (int i = 0; i < width; i++) {
                    for (int j = 0; j < width; j++) {
                        p[i][j] = (p[i][j] - px[i] * px[j] / gain) / FORGETTING;
                    }
                }
            }
            features(values, t, order, scale, x);
            forecast[t] = values[t] + scale * dot(weights, x);
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

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
