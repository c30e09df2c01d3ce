package dev.vigil.detect;

import dev.vigil.stats.RunningMoments;

/**
 * How unusual a key's recent errors are against its own error history (the calibration that made Numenta's
 * raw score useful): the one-sided normal tail of the short-window mean error, judged against the running
 * distribution of that same short-window mean. 0.5 is ordinary; values near 1 are rare for this key.
 */
public final class AnomalyLikelihood {

    /** Below this many observations the history says nothing yet. */
    static final long MIN_HISTORY = 10;

    /** Spreads above the mean beyond which a value joins the history capped. */
    static final double WINSOR_SPREADS = 4.0;

    private AnomalyLikelihood() {
    }

    public static double of(double shortMean, RunningMoments history) {
        if (history.count() < MIN_HISTORY) {
            return 0.5;
        }
        return normalCdf((shortMean - history.mean()) / spread(history));
    }

    /**
     * The value to add to the history: capped a few spreads above its mean once the history means something, so
     * one incident cannot inflate the spread it is judged against for thousands of readings.
     */
    public static double winsorised(double shortMean, RunningMoments history) {
        if (history.count() < MIN_HISTORY) {
            return shortMean;
        }
        return Math.min(shortMean, history.mean() + WINSOR_SPREADS * spread(history));
    }

    private static double spread(RunningMoments history) {
        // a key whose errors never vary must still be judged: floor the spread relative to the mean error
        return Math.max(history.std(), Math.max(1e-3 * Math.abs(history.mean()), 1e-9));
    }

    /** Standard normal CDF via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double tail = t * Math.exp(poly);
        return x >= 0 ? tail : 2.0 - tail;
    }
}
