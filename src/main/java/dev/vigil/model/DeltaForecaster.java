package dev.vigil.model;

/**
 * The forecaster of a {@link ModelSpec#deltas() deltas} model: its network gives each step's change from the key's
 * current scaled value, and this adds the value back, so callers see scaled forecasts as from any other model.
 */
final class DeltaForecaster implements Forecaster {

    private final Forecaster network;

    DeltaForecaster(Forecaster network) {
        this.network = network;
    }

    @Override
    public ModelSpec spec() {
        return network.spec();
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        float[][] changes = network.step(inputs, states);
        for (int b = 0; b < changes.length; b++) {
            // the value is the first feature of every model's input (NetworkInput)
            float value = inputs[b][0];
            for (int h = 0; h < changes[b].length; h++) {
                changes[b][h] += value;
            }
        }
        return changes;
    }
}
