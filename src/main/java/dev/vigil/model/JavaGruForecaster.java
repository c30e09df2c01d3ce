package dev.vigil.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The GRU's plain-Java forecaster: {@link JavaGruStep} for each key of a batch in turn, its memory's one part
 * (h of every layer) stepped in place. Parity with DL4J's output is tested ({@code GruParityTest}, to 1e-4).
 *
 * <p>Owns its copy of the weights and its scratch: one per thread.
 */
final class JavaGruForecaster extends KeyByKeyForecaster {

    private final JavaGruStep step;

    JavaGruForecaster(ModelSpec spec, MultiLayerNetwork network) {
        super(spec);
        this.step = new JavaGruStep(network);
        if (step.layers() != spec.layers() || step.units() != spec.units() || step.inputs() != spec.inputs()
                || step.horizon() != spec.horizon()) {
            throw new IllegalArgumentException("network does not match " + spec);
        }
    }

    @Override
    void stepKey(float[] input, NetworkMemory memory, float[] forecast) {
        step.step(input, memory.part(GruNetwork.HIDDEN), forecast);
    }
}
