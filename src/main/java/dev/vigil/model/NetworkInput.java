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
 * <p>Training ({@link TrainingWindows}) and scoring build the features here, so both see the very same thing.
 */
public final class NetworkInput {

    private NetworkInput() {
    }

    static int width(boolean seasonal, int horizon) {
        return seasonal ? horizon + 2 : 1;
    }

    /**
     * @param value  the key's scaled value
     * @param dayAgo per step 1..H, the scaled value one day before it; NaN where not known; null for none known
     */
    public static float[] of(ModelSpec spec, float value, float[] dayAgo) {
        float[] features = new float[spec.inputs()];
        fill(features, spec.seasonal(), spec.horizon(), value, dayAgo);
        return features;
    }

    static void fill(float[] features, boolean seasonal, int horizon, float value, float[] dayAgo) {
        features[0] = value;
        if (!seasonal) {
            return;
        }
        boolean known = dayAgo != null;
        for (int h = 0; h < horizon && known; h++) {
            known = Float.isFinite(dayAgo[h]);
        }
        for (int h = 0; h < horizon; h++) {
            features[1 + h] = known ? dayAgo[h] : value;
        }
        features[horizon + 1] = known ? 1f : 0f;
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
