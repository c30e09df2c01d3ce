package dev.vigil.model;

/**
 * One step of the forecasting network for a batch of keys.
 *
 * <p>Not thread-safe: each stream thread (or replay worker) takes its own from {@link ForecastModel#newForecaster()}.
 */
public interface Forecaster {

    ModelSpec spec();

    /**
     * Feeds each key its next input and advances its state in place.
     *
     * @param inputs per key, its features ({@link NetworkInput}, {@link ModelSpec#inputs()} of them)
     * @param states the keys' states, same order; overwritten with the states after the step
     * @return per key, the scaled forecast for steps 1..H
     */
    float[][] step(float[][] inputs, NetworkMemory[] states);

    /** Keys stepped with their values alone, no day-ago values known ({@link NetworkInput}). */
    default float[][] step(float[] values, NetworkMemory[] states) {
        float[][] inputs = new float[values.length][];
        for (int b = 0; b < values.length; b++) {
            inputs[b] = NetworkInput.of(spec(), values[b], null);
        }
        return step(inputs, states);
    }

    /** One key with its value alone, no day-ago values known. */
    default float[] step(float value, NetworkMemory state) {
        return step(NetworkInput.of(spec(), value, null), state);
    }

    /** One key: the same as a batch of one. */
    default float[] step(float[] input, NetworkMemory state) {
        return step(new float[][] {input}, new NetworkMemory[] {state})[0];
    }
}
