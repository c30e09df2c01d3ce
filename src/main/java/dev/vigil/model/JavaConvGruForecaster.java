package dev.vigil.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The conv-GRU's plain-Java forecaster ({@link ConvGruNetwork}): for each key of a batch in turn, the convolution's
 * output at the newest step from the key's ring ({@link JavaCausalConvStep}), then the GRU layers and the head on it
 * ({@link JavaGruStep}), the key's memory (h, ring) stepped in place. Parity with DL4J's output is tested
 * ({@code ConvGruParityTest}, to 1e-4).
 *
 * <p>Owns its copy of the weights and its scratch: one per thread.
 */
final class JavaConvGruForecaster extends KeyByKeyForecaster {

    private final JavaCausalConvStep conv;
    private final JavaGruStep gru;
    private final float[] convOutput;

    JavaConvGruForecaster(ModelSpec spec, MultiLayerNetwork network) {
        super(spec);
        this.conv = new JavaCausalConvStep(network.getLayer(0));
        this.gru = new JavaGruStep(network, 1);
        if (conv.inputs() != spec.inputs() || conv.kernel() != ConvGruNetwork.KERNEL || conv.filters() != gru.inputs()
                || gru.layers() != spec.layers() || gru.units() != spec.units() || gru.horizon() != spec.horizon()) {
            throw new IllegalArgumentException("network does not match " + spec);
        }
        this.convOutput = new float[conv.filters()];
    }

    @Override
    void stepKey(float[] input, NetworkMemory memory, float[] forecast) {
        conv.step(input, memory.part(ConvGruNetwork.RING), convOutput);
        gru.step(convOutput, memory.part(ConvGruNetwork.HIDDEN), forecast);
    }
}
