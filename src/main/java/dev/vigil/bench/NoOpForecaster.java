package dev.vigil.bench;

import dev.vigil.model.Forecaster;
import dev.vigil.model.NetworkMemory;
import dev.vigil.model.ModelSpec;

/**
 * The benchmark's ceiling: a forecaster that does no work (zeros, state untouched), so the same topology with
 * the same stores and outputs measures what Kafka Streams costs without the model.
 */
final class NoOpForecaster implements Forecaster {

    private final ModelSpec spec;

    NoOpForecaster(ModelSpec spec) {
        this.spec = spec;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        return new float[inputs.length][spec.horizon()];
    }
}
