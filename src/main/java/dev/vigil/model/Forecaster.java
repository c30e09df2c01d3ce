package dev.vigil.model;

/**
 * One step of the forecasting network for a batch of keys.
 *
 * <p>Not thread-safe: each stream thread (or replay worker) takes its own from {@link ForecastModel#newForecaster()}.
 */
public interface Forecaster {

    ModelSpec spec();

    /**
     * Feeds each key its next scaled value and advances its state in place.
     *
     * @param inputs scaled values, one per key
     * @param states the keys' states, same order; overwritten with the states after the step
     * @return per key, the scaled forecast for steps 1..H
     */
    float[][] step(float[] inputs, LstmState[] states);

    /** One key: the same as a batch of one. */
    default float[] step(float input, LstmState state) {
        return step(new float[] {input}, new LstmState[] {state})[0];
    }
}
