package dev.vigil.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The GRU's plain-Java forecaster: {@link JavaGruStep} for each key of a batch in turn, its memory's one part
 * (h of every layer) stepped in place. Parity with DL4J's output is tested ({@code GruParityTest}, to 1e-4).
 *
 * <p>Owns its copy of the weights and its scratch: one per thread.
 */
final class JavaGruForecaster implements Forecaster {

    private final ModelSpec spec;
    private final JavaGruStep step;

    JavaGruForecaster(ModelSpec spec, MultiLayerNetwork network) {
        this.spec = spec;
        this.step = new JavaGruStep(network);
        if (step.layers() != spec.layers() || step.units() != spec.units() || step.inputs() != spec.inputs()
                || step.horizon() != spec.horizon()) {
            throw new IllegalArgumentException("network does not match " + spec);
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        NetworkInput.checkBatch(spec, inputs, states);
        float[][] forecasts = new float[inputs.length][];
        for (int b = 0; b < inputs.length; b++) {
            forecasts[b] = new float[spec.horizon()];
            step.step(inputs[b], states[b].part(GruNetwork.HIDDEN), forecasts[b]);
        }
        return forecasts;
    }
}
