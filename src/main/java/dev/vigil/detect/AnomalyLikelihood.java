package dev.vigil.detect;

import dev.vigil.stats.RunningMoments;

/**
 * How unusual a value is against a key's own running distribution of that value (the calibration that made
 * Numenta's raw score useful): the one-sided normal tail probability of the value, reported on a log scale.
 *
 * <p>The score is {@code -log10(tail) / decades}, a rarity: with 8 decades a one-in-a-hundred-million value
 * scores 1, a one-in-ten-thousand value 0.5, an ordinary one about 0.04, and a rarer one than 1 more than 1 (it is
 * published under 1 by {@link PublishedScore}, in order). The log scale keeps resolution in the
 * far tail, where a plain likelihood sits at 1.0 for thousands of readings and no threshold can tell them apart.
 * The tail is computed directly from its own series (not as 1 minus the CDF), so it does not round to 0.
 */
public final class AnomalyLikelihood {

    /** Below this many observations the history says nothing yet. */
    static final long MIN_HISTORY = 10;

    private static final double LN10 = Math.log(10);

    private AnomalyLikelihood() {
    }

    /** The rarity of {@code value} against {@code history} ({@link PublishedScore}); 0 while the history is young. */
    public static double surprise(double value, RunningMoments history, double decades) {
        return surprise(value, history, decades, 0.0);
    }

    /**
     * The same, with the history's spread taken as at least {@code minSpread}: a value within that much of the
     * history's mean is ordinary however little the history has varied so far.
     */
    public static double surprise(double value, RunningMoments history, double decades, double minSpread) {
        if (history.count() < MIN_HISTORY) {
            return 0.0;
        }
        double z = (value - history.mean()) / Math.max(spread(history), minSpread);
        return Math.max(0.0, -log10UpperTail(z) / decades);
    }

    private static double spread(RunningMoments history) {
        // a key whose errors never vary must still be judged: floor the spread relative to the mean
        return Math.max(history.std(), Math.max(1e-3 * Math.abs(history.mean()), 1e-9));
    }

    /** log10 of the standard normal upper tail Q(z) = P(Z > z), accurate far into the tail (no underflow). */
    static double log10UpperTail(double z) {
        double x = z / Math.sqrt(2);
        if (x < 0) {
            return Math.log10(1.0 - 0.5 * erfc(-x));
        }
        return (Math.log(0.5) + logErfc(x)) / LN10;
    }

    /** Standard normal CDF via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double tail = Math.exp(logErfc(Math.abs(x)));
        return x >= 0 ? tail : 2.0 - tail;
    }

    /** ln erfc(x) for x at or above 0: the fit is t * exp(poly), so its log needs no exponential at all. */
    private static double logErfc(double x) {
        double t = 1.0 / (1.0 + 0.5 * x);
        double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        return Math.log(t) + poly;
    }
}
