package dev.vigil.score;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.CombinerState;

/**
 * Each key's own correction of the shared network's forecast, learned online from the key's own past: the
 * forecast h steps ahead is {@code last + w1 (network_h - last) + w2 (level - last)}, with {@code level} a
 * short moving average of the key's values. The weights are least squares over the key's recent errors
 * (exponential forgetting), so a key whose network forecast overshoots learns to trust it less, and a noisy,
 * mean-reverting key learns to lean toward its level. Without history the weights are (1, 0): the network's
 * forecast as it is.
 *
 * <p>The least squares are Huber's: an error larger than {@link #HUBER_K} times the key's recent mean absolute
 * error counts in proportion to its size rather than its square. Forecasts are judged by their absolute errors, and
 * sensors burst: plain least squares let a few bursts set the weights of every reading between them (step-1 MAE on
 * the NAB real files 0.868 of persistence's with plain least squares, 0.860 with Huber's, better in every category;
 * decision 0020).
 *
 * <p>Weights are learned for the first and the last horizon, whose targets arrive 1 and H readings later, and
 * interpolated between them: that keeps the per-key state to a few numbers per reading of the horizon.
 *
 * <p>State, all in the key's units divided by its scale where noted: {@code sums} holds, for step 1 then step H,
 * the forgetting sums xx11, xx12, xx22, xy1, xy2 of the normal equations, then the running mean absolute error of
 * step 1 and of step H (0 until the first; a state stored before them has none); {@code history} holds, for the last H
 * readings oldest first, the value, the level, and the network's forecasts 1 and H steps ahead.
 */
final class ForecastCombiner {

    /** How strongly the weights are held to the prior (1, 0): as many readings' worth of evidence. */
    private static final double PRIOR_READINGS = 1.0;

    /** Inputs beyond this many scales are clipped: one wild reading must not swing the weights. */
    private static final double CLIP = 8.0;

    /** Weights are kept in a sane band even when a key's history says something extreme. */
    private static final double MIN_WEIGHT = -1.0;
    private static final double MAX_WEIGHT = 2.0;

    /**
     * Huber's threshold, in the key's recent mean absolute errors: 1.345 standard deviations, his choice (95%
     * efficiency on normal errors), is 1.69 mean absolute errors of a normal distribution.
     */
    private static final double HUBER_K = 1.7;

    /** Readings the mean absolute error is averaged over: it follows the key's noise as it changes. */
    private static final double ERROR_MEMORY = 100;

    static final int SUMS = 12;
    private static final int ERRORS = 10;
    static final int FIELDS = 4;

    private final int horizon;
    private final int memory;
    private final double levelAlpha;

    ForecastCombiner(int horizon, int memory, double levelAlpha) {
        this.horizon = horizon;
        this.memory = memory;
        this.levelAlpha = levelAlpha;
    }

    /** A key's combiner state; immutable views, replaced by {@link #next}. Its stored form is {@link CombinerState}. */
    record State(List<Double> sums, List<Double> history, double level) {

        static State from(CombinerState stored) {
            return new State(stored.getSums(), stored.getHistory(), stored.getLevel());
        }

        CombinerState toAvro() {
            return new CombinerState(level, sums, history);
        }

        /**
         * This state with the network's one-step forecast of the newest reading replaced (after a model swap, the
         * new model's): what the next reading is judged and learnt against. Unchanged when empty.
         */
        State withLatestNetworkForecast(double oneStep) {
            if (history.size() < FIELDS) {
                return this;
            }
            List<Double> updated = new ArrayList<>(history);
            updated.set(history.size() - FIELDS + 2, oneStep);
            return new State(sums, updated, level);
        }

        /** The network's one-step forecast made at the newest reading, or null before the first. */
        Double latestNetworkForecast() {
            return history.size() >= FIELDS ? history.get(history.size() - FIELDS + 2) : null;
        }
    }

    /** The combined forecasts for steps 1..H, and the state after this reading. */
    record Result(double[] forecast, State state) {
    }

    /**
     * Learns from {@code value} (the reading just seen) what the forecasts made 1 and H readings ago should have
     * been, then combines this reading's network forecasts.
     *
     * @param network the network's forecasts for steps 1..H made after this reading, raw units
     * @param scale   the key's scale (so the sums are unit-free)
     */
    Result next(State state, double value, double[] network, double scale, boolean first) {
        double[] sums = toArray(state.sums(), SUMS);
        List<Double> history = state.history();
        int kept = history.size() / FIELDS;
        double forgetting = 1.0 - 1.0 / memory;
        if (kept >= 1) {
            learn(sums, 0, ERRORS, history, kept - 1, 2, value, scale, forgetting);
        }
        if (kept >= horizon) {
            learn(sums, 5, ERRORS + 1, history, 0, 3, value, scale, forgetting);
        }
        double level = first ? value : state.level() + levelAlpha * (value - state.level());
        double[] firstWeights = weights(sums, 0);
        double[] lastWeights = weights(sums, 5);
        double[] forecast = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            double share = horizon == 1 ? 0 : h / (double) (horizon - 1);
            double w1 = firstWeights[0] + share * (lastWeights[0] - firstWeights[0]);
            double w2 = firstWeights[1] + share * (lastWeights[1] - firstWeights[1]);
            forecast[h] = value + w1 * (network[h] - value) + w2 * (level - value);
        }
        List<Double> nextHistory = new ArrayList<>(FIELDS * horizon);
        nextHistory.addAll(history.subList(kept >= horizon ? FIELDS : 0, history.size()));
        nextHistory.add(value);
        nextHistory.add(level);
        nextHistory.add(network[0]);
        nextHistory.add(network[horizon - 1]);
        return new Result(forecast, new State(toList(sums), nextHistory, level));
    }

    /**
     * Adds one (x, y) pair to the sums at {@code at}, Huber-weighted by its error under the current weights against
     * the mean absolute error at {@code error}: the forecast made at a past reading against today's value.
     */
    private static void learn(double[] sums, int at, int error, List<Double> history, int reading, int field,
                              double value, double scale, double forgetting) {
        int base = reading * FIELDS;
        double past = history.get(base);
        double x1 = clip((history.get(base + field) - past) / scale);
        double x2 = clip((history.get(base + 1) - past) / scale);
        double y = clip((value - past) / scale);
        if (!Double.isFinite(x1) || !Double.isFinite(x2) || !Double.isFinite(y)) {
            return;
        }
        double[] w = weights(sums, at);
        double residual = Math.abs(y - w[0] * x1 - w[1] * x2);
        double typical = sums[error];
        double weight = 1.0;
        if (typical > 0) {
            double threshold = HUBER_K * typical;
            weight = residual <= threshold ? 1.0 : threshold / residual;
            sums[error] = typical + (residual - typical) / ERROR_MEMORY;
        } else {
            sums[error] = residual;
        }
        sums[at] = forgetting * sums[at] + weight * x1 * x1;
        sums[at + 1] = forgetting * sums[at + 1] + weight * x1 * x2;
        sums[at + 2] = forgetting * sums[at + 2] + weight * x2 * x2;
        sums[at + 3] = forgetting * sums[at + 3] + weight * x1 * y;
        sums[at + 4] = forgetting * sums[at + 4] + weight * x2 * y;
    }

    /** Ridge least squares toward the prior (1, 0), solved in closed form (2x2), clamped to a sane band. */
    private static double[] weights(double[] sums, int at) {
        double a11 = sums[at] + PRIOR_READINGS;
        double a12 = sums[at + 1];
        double a22 = sums[at + 2] + PRIOR_READINGS;
        double b1 = sums[at + 3] + PRIOR_READINGS;
        double b2 = sums[at + 4];
        double det = a11 * a22 - a12 * a12;
        double w1 = (a22 * b1 - a12 * b2) / det;
        double w2 = (a11 * b2 - a12 * b1) / det;
        return new double[] {clamp(w1, 1.0), clamp(w2, 0.0)};
    }

    private static double clip(double value) {
        return Math.max(-CLIP, Math.min(CLIP, value));
    }

    private static double clamp(double weight, double prior) {
        return Double.isFinite(weight) ? Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, weight)) : prior;
    }

    private static double[] toArray(List<Double> values, int size) {
        double[] array = new double[size];
        for (int i = 0; i < Math.min(size, values.size()); i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
