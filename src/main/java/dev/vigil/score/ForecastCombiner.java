package dev.vigil.score;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.CombinerState;

/**
 * Each key's own correction of the shared network's forecast, learned online from the key's own past: the
 * forecast h steps ahead is {@code last + w1 (network_h - last) + w2 (level - last) + w3 (ar_h - last)}, with
 * {@code level} a short moving average of the key's values and {@code ar_h} the key's own autoregression
 * ({@link SensorAutoregression}). The weights are least squares over the key's recent errors (exponential
 * forgetting), so a key whose network forecast overshoots learns to trust it less, a noisy, mean-reverting key
 * learns to lean toward its level, and a smooth one toward its own momentum. Without history the weights are
 * (1, 0, 0): the network's forecast as it is.
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
 * the forgetting sums xx11, xx12, xx13, xx22, xx23, xx33, xy1, xy2, xy3 of the normal equations, then the running
 * mean absolute error of step 1 and of step H (0 until the first); {@code history} holds, for the last H readings
 * oldest first, the value, the level, and the network's and the autoregression's forecasts 1 and H steps ahead;
 * {@code autoregression} is {@link SensorAutoregression}'s. A state stored before the autoregression (other sums)
 * starts the weights afresh.
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

    /** Regressors: the network's change, the pull to the level, the autoregression's change. */
    private static final int K = 3;
    private static final int PER_STEP = K * (K + 1) / 2 + K;
    static final int SUMS = 2 * PER_STEP + 2;
    private static final int ERRORS = 2 * PER_STEP;
    static final int FIELDS = 6;

    private final int horizon;
    private final int memory;
    private final double levelAlpha;
    private final SensorAutoregression autoregression;

    ForecastCombiner(int horizon, int memory, double levelAlpha) {
        this.horizon = horizon;
        this.memory = memory;
        this.levelAlpha = levelAlpha;
        this.autoregression = new SensorAutoregression(horizon);
    }

    /** A key's combiner state; immutable views, replaced by {@link #next}. Its stored form is {@link CombinerState}. */
    record State(List<Double> sums, List<Double> history, double level, List<Double> autoregression) {

        /** A key's state before its first reading. */
        static final State EMPTY = new State(List.of(), List.of(), 0, List.of());

        static State from(CombinerState stored) {
            if (stored.getSums().size() != SUMS && !stored.getSums().isEmpty()) {
                // stored before the autoregression: its weights and history are of other regressors
                return new State(List.of(), List.of(), stored.getLevel(), List.of());
            }
            return new State(stored.getSums(), stored.getHistory(), stored.getLevel(), stored.getAutoregression());
        }

        CombinerState toAvro() {
            return new CombinerState(level, sums, history, autoregression);
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
            return new State(sums, updated, level, autoregression);
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
     * @param before  the key's values before this reading, oldest first (its recent window)
     * @param network the network's forecasts for steps 1..H made after this reading, raw units
     * @param scale   the key's scale (so the sums are unit-free)
     */
    Result next(State state, List<Double> before, double value, double[] network, double scale, boolean first) {
        double[] sums = toArray(state.sums(), SUMS);
        List<Double> history = state.history();
        int kept = history.size() / FIELDS;
        double forgetting = 1.0 - 1.0 / memory;
        if (kept >= 1) {
            learn(sums, 0, ERRORS, history, kept - 1, 2, value, scale, forgetting);
        }
        if (kept >= horizon) {
            learn(sums, PER_STEP, ERRORS + 1, history, 0, 3, value, scale, forgetting);
        }
        double level = first ? value : state.level() + levelAlpha * (value - state.level());
        double[] ar = SensorAutoregression.restore(state.autoregression());
        double[] own = autoregression.next(ar, before, value);
        // before the autoregression has a forecast, it says "no change": its regressor is 0
        double ownFirst = Double.isFinite(own[0]) ? own[0] : value;
        double ownLast = Double.isFinite(own[1]) ? own[1] : value;
        double[] firstWeights = weights(sums, 0);
        double[] lastWeights = weights(sums, PER_STEP);
        double[] forecast = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            double share = horizon == 1 ? 0 : h / (double) (horizon - 1);
            double w1 = firstWeights[0] + share * (lastWeights[0] - firstWeights[0]);
            double w2 = firstWeights[1] + share * (lastWeights[1] - firstWeights[1]);
            double w3 = firstWeights[2] + share * (lastWeights[2] - firstWeights[2]);
            // the autoregression forecasts steps 1 and H; the steps between take the change between them
            double ownChange = ownFirst - value + share * (ownLast - ownFirst);
            forecast[h] = value + w1 * (network[h] - value) + w2 * (level - value) + w3 * ownChange;
        }
        List<Double> nextHistory = new ArrayList<>(FIELDS * horizon);
        nextHistory.addAll(history.subList(kept >= horizon ? FIELDS : 0, history.size()));
        nextHistory.add(value);
        nextHistory.add(level);
        nextHistory.add(network[0]);
        nextHistory.add(network[horizon - 1]);
        nextHistory.add(ownFirst);
        nextHistory.add(ownLast);
        return new Result(forecast, new State(toList(sums), nextHistory, level, toList(ar)));
    }

    /**
     * Adds one (x, y) pair to the sums at {@code at}, Huber-weighted by its error under the current weights against
     * the mean absolute error at {@code error}: the forecasts made at a past reading against today's value.
     *
     * @param field the history's field of the network's forecast of this step (the autoregression's is two on)
     */
    private static void learn(double[] sums, int at, int error, List<Double> history, int reading, int field,
                              double value, double scale, double forgetting) {
        int base = reading * FIELDS;
        double past = history.get(base);
        double[] x = {
            clip((history.get(base + field) - past) / scale),
            clip((history.get(base + 1) - past) / scale),
            clip((history.get(base + field + 2) - past) / scale)};
        double y = clip((value - past) / scale);
        if (!Double.isFinite(x[0]) || !Double.isFinite(x[1]) || !Double.isFinite(x[2]) || !Double.isFinite(y)) {
            return;
        }
        double[] w = weights(sums, at);
        double residual = Math.abs(y - w[0] * x[0] - w[1] * x[1] - w[2] * x[2]);
        double typical = sums[error];
        double weight = 1.0;
        if (typical > 0) {
            double threshold = HUBER_K * typical;
            weight = residual <= threshold ? 1.0 : threshold / residual;
            sums[error] = typical + (residual - typical) / ERROR_MEMORY;
        } else {
            sums[error] = residual;
        }
        int s = at;
        for (int i = 0; i < K; i++) {
            for (int j = i; j < K; j++) {
                sums[s] = forgetting * sums[s] + weight * x[i] * x[j];
                s++;
            }
        }
        for (int i = 0; i < K; i++) {
            sums[s + i] = forgetting * sums[s + i] + weight * x[i] * y;
        }
    }

    /** Ridge least squares toward the prior (1, 0, 0), solved in closed form (3x3), clamped to a sane band. */
    private static double[] weights(double[] sums, int at) {
        double a11 = sums[at] + PRIOR_READINGS;
        double a12 = sums[at + 1];
        double a13 = sums[at + 2];
        double a22 = sums[at + 3] + PRIOR_READINGS;
        double a23 = sums[at + 4];
        double a33 = sums[at + 5] + PRIOR_READINGS;
        double b1 = sums[at + 6] + PRIOR_READINGS;
        double b2 = sums[at + 7];
        double b3 = sums[at + 8];
        // Cramer's rule on the symmetric system
        double c11 = a22 * a33 - a23 * a23;
        double c12 = a13 * a23 - a12 * a33;
        double c13 = a12 * a23 - a13 * a22;
        double det = a11 * c11 + a12 * c12 + a13 * c13;
        double c22 = a11 * a33 - a13 * a13;
        double c23 = a12 * a13 - a11 * a23;
        double c33 = a11 * a22 - a12 * a12;
        double w1 = (c11 * b1 + c12 * b2 + c13 * b3) / det;
        double w2 = (c12 * b1 + c22 * b2 + c23 * b3) / det;
        double w3 = (c13 * b1 + c23 * b2 + c33 * b3) / det;
        return new double[] {clamp(w1, 1.0), clamp(w2, 0.0), clamp(w3, 0.0)};
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
