package dev.vigil.score;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.IntervalState;

/**
 * The width of a key's prediction interval, from the size of its one-step forecast errors: a running mean
 * absolute error in raw units, with the same memory as the error signal. Immutable; its stored form is
 * {@link IntervalState}.
 *
 * @param meanAbsError running mean absolute one-step error of the network's forecast, raw units
 * @param count        errors averaged so far
 */
record PredictionInterval(double meanAbsError, long count) {

    /** E|X| = sigma * sqrt(2/pi) for a normal error: turns a mean absolute error into a standard deviation. */
    private static final double MAE_TO_SIGMA = Math.sqrt(Math.PI / 2);

    /** Lower and upper bounds around a forecast, step by step. */
    record Band(List<Double> lower, List<Double> upper) {
    }

    static final PredictionInterval NONE = new PredictionInterval(0.0, 0);

    static PredictionInterval from(IntervalState stored) {
        return new PredictionInterval(stored.getMeanAbsError(), stored.getCount());
    }

    IntervalState toAvro() {
        return new IntervalState(meanAbsError, count);
    }

    PredictionInterval next(double error, int memory) {
        long n = count + 1;
        double alpha = 1.0 / Math.min(n, memory);
        return new PredictionInterval(meanAbsError + alpha * (Math.abs(error) - meanAbsError), n);
    }

    /** After a model swap: the new model's error size, {@code ratio} times the old one's. */
    PredictionInterval rescaled(double ratio) {
        return new PredictionInterval(meanAbsError * ratio, count);
    }

    /**
     * Half-width of the interval {@code h + 1} steps ahead, {@code z} standard deviations of the one-step error
     * wide; before the first error, {@code scale} (the key's own) stands in for it.
     */
    double halfWidth(double z, double scale, int h) {
        double sigma = count > 0 ? MAE_TO_SIGMA * meanAbsError : scale;
        // errors of a random walk grow with the square root of the horizon: a simple, honest widening
        return z * sigma * Math.sqrt(h + 1.0);
    }

    /** The band around {@code forecast} (steps 1..H), see {@link #halfWidth}. */
    Band around(List<Double> forecast, double z, double scale) {
        List<Double> lower = new ArrayList<>(forecast.size());
        List<Double> upper = new ArrayList<>(forecast.size());
        for (int h = 0; h < forecast.size(); h++) {
            double halfWidth = halfWidth(z, scale, h);
            lower.add(forecast.get(h) - halfWidth);
            upper.add(forecast.get(h) + halfWidth);
        }
        return new Band(lower, upper);
    }
}
