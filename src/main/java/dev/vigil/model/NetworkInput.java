package dev.vigil.model;

import java.util.Arrays;

/**
 * What the network reads at each step. A plain model reads the key's scaled value. A seasonal model also reads, for
 * each of the next H steps, the key's value one day before that step (scaled the same way), and a last feature that
 * says whether those are known: a sensor sampled every 5 minutes has a daily cycle of 288 steps, which no window
 * the network is trained on spans, so the network is handed the cycle instead of having to remember it. Where a
 * day-ago value is not known (the key's first day, a sensor without a daily rate) the value itself stands in and
 * the flag is 0, so the network falls back to what it does without.
 *
 * <p>A {@link ModelSpec#relative() relative} model's network never sees the level. Its day-ago values are offsets
 * from the current value, and one more feature, the last, is the change since the previous reading (0 where there is
 * none). The value keeps its place, first, for the head to add the forecast changes to ({@link DeltaForecaster}),
 * but the network reads it as 0 ({@link #LEVEL}, {@link #seenByNetwork}). A key that holds still then gives the
 * network the same inputs whatever its level.
 *
 * <p>Training ({@link TrainingWindows}) and scoring build the features here, so both see the very same thing.
 */
public final class NetworkInput {

    private NetworkInput() {
    }

    /** The feature that holds the key's scaled value, the level a deltas head adds its changes to. */
    static final int LEVEL = 0;

    static int width(boolean seasonal, int horizon, boolean relative) {
        return (seasonal ? horizon + 2 : 1) + (relative ? 1 : 0);
    }

    /**
     * @param value  the key's scaled value
     * @param dayAgo per step 1..H, the scaled value one day before it; NaN where not known; null for none known
     */
    public static float[] of(ModelSpec spec, float value, float[] dayAgo) {
        return of(spec, value, Float.NaN, dayAgo);
    }

    /**
     * @param previous the key's previous value in the same scaling as {@code value}; NaN where there is none. Only a
     *                 relative model reads it.
     */
    public static float[] of(ModelSpec spec, float value, float previous, float[] dayAgo) {
        float[] features = new float[spec.inputs()];
        fill(features, spec, value, previous, dayAgo);
        return features;
    }

    static void fill(float[] features, ModelSpec spec, float value, float previous, float[] dayAgo) {
        boolean relative = spec.relative();
        features[LEVEL] = value;
        if (relative) {
            features[features.length - 1] = Float.isNaN(previous) ? 0f : value - previous;
        }
        if (!spec.seasonal()) {
            return;
        }
        int horizon = spec.horizon();
        boolean known = dayAgo != null;
        for (int h = 0; h < horizon && known; h++) {
            known = Float.isFinite(dayAgo[h]);
        }
        // an unknown day-ago value is the value itself: no offset from it
        for (int h = 0; h < horizon; h++) {
            float lag = known ? dayAgo[h] : value;
            features[1 + h] = relative ? lag - value : lag;
        }
        features[horizon + 1] = known ? 1f : 0f;
    }

    /** Whether these features of a {@code spec} model hold the day-ago values (false for a model without them). */
    static boolean knowsDayAgo(ModelSpec spec, float[] features) {
        return spec.seasonal() && features[spec.horizon() + 1] == 1f;
    }

    /** What the network of {@code spec} reads of one step's features: a relative network reads the level as 0. */
    static float seenByNetwork(ModelSpec spec, float[] features, int feature) {
        return spec.relative() && feature == LEVEL ? 0f : features[feature];
    }

    /** A batch a forecaster of {@code spec} can step: one memory per key, each key's features of the model's width. */
    static void checkBatch(ModelSpec spec, float[][] inputs, NetworkMemory[] memories) {
        if (memories.length != inputs.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + memories.length + " states");
        }
        for (float[] features : inputs) {
            if (features.length != spec.inputs()) {
                throw new IllegalArgumentException("the model reads " + spec.inputs() + " inputs a step, got "
                        + features.length);
            }
        }
    }

    /** The features of a step of a plain model, for a caller that has only the value. */
    public static float[] valueOnly(float value) {
        return new float[] {value};
    }

    /** NaN per step: no day-ago value known. */
    public static float[] unknown(int horizon) {
        float[] none = new float[horizon];
        Arrays.fill(none, Float.NaN);
        return none;
    }
}
