package dev.vigil.model;

/**
 * A plain-Java forecaster that steps the keys of a batch one after another: the batch is checked once
 * ({@link NetworkInput#checkBatch}), then each key's forecast is written into an array of its own while its memory
 * is stepped in place. Each architecture's Java forecaster supplies only the step of one key.
 */
abstract class KeyByKeyForecaster implements Forecaster {

    private final ModelSpec spec;

    KeyByKeyForecaster(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final float[][] step(float[][] inputs, NetworkMemory[] states) {
        NetworkInput.checkBatch(spec, inputs, states);
        float[][] forecasts = new float[inputs.length][];
        for (int b = 0; b < inputs.length; b++) {
            forecasts[b] = new float[spec.horizon()];
            stepKey(inputs[b], states[b], forecasts[b]);
        }
        return forecasts;
    }

    /** Steps one key: its {@code memory} in place, its scaled forecast for steps 1..H into {@code forecast}. */
    abstract void stepKey(float[] input, NetworkMemory memory, float[] forecast);
}
