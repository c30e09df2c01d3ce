package dev.vigil.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * WaveNet: a stack of dilated causal convolutions of kernel 2 (dilation 1, 2, 4, …), gated, with residual and skip
 * connections, then the ReLU / 1×1 output stack ({@link WaveNetLayer}) and the linear head
 * (docs/decisions/0018-wavenet.md). The spec maps as: {@code spec.layers()} dilated layers, so a receptive field of
 * 2<sup>layers</sup> steps; {@code spec.units()} residual (and gate, skip and head) channels.
 *
 * <p>A key's memory is {@code layers + 1} parts: for each dilated layer l, the ring of that layer's inputs over the
 * last d = 2<sup>l</sup> steps (d · units floats), then one float, the step count modulo the largest dilation, which
 * says where in every ring the current step reads and writes ({@link JavaWaveNetForecaster}). The rings hold
 * (2<sup>layers</sup> − 1) · units floats in all: 4,032 for 6 layers of 64, a receptive field of 64 steps.
 *
 * <p>The DL4J engine cannot step it, for the GRU's reason ({@link GruNetwork}): a SameDiff layer keeps no state
 * between {@code rnnTimeStep} calls.
 */
final class WaveNetNetwork implements ArchitectureNetwork {

    static final WaveNetNetwork INSTANCE = new WaveNetNetwork();

    static final String NO_DL4J_STEP = "the dl4j inference engine cannot step a wavenet model: DL4J carries a key's "
            + "state between rnnTimeStep calls only for its own recurrent layers, and the WaveNet is a SameDiff layer; "
            + "use inference.engine=java";

    private WaveNetNetwork() {
    }

    @Override
    public void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        layers.layer(new WaveNetLayer.Builder()
                .nIn(spec.inputs())
                .nOut(spec.units())
                .dilatedLayers(spec.layers())
                .build());
    }

    /** DL4J infers the input type only from its own recurrent layers; the SameDiff layer's must be declared. */
    @Override
    public InputType inputType(ModelSpec spec) {
        return InputType.recurrent(spec.inputs());
    }

    /** The WaveNet layer of the spec's inputs, channels and dilated layers, and a head of {@code horizon}. */
    @Override
    public boolean matches(ModelSpec spec, MultiLayerNetwork network) {
        if (network.getnLayers() != 2 || !(network.getLayer(0).conf().getLayer() instanceof WaveNetLayer stack)) {
            return false;
        }
        long outputs = network.getLayer(1).getParam("W").size(1);
        return stack.getNIn() == spec.inputs() && stack.getNOut() == spec.units()
                && stack.getDilatedLayers() == spec.layers() && outputs == spec.horizon();
    }

    /** Per dilated layer its ring, then the step count (one float). */
    @Override
    public int[] memoryParts(ModelSpec spec) {
        if (spec.layers() > WaveNetLayer.MAX_LAYERS) {
            throw new IllegalArgumentException("a wavenet has at most " + WaveNetLayer.MAX_LAYERS
                    + " dilated layers, got " + spec.layers());
        }
        int[] parts = new int[spec.layers() + 1];
        for (int layer = 0; layer < spec.layers(); layer++) {
            parts[layer] = WaveNetLayer.dilation(layer) * spec.units();
        }
        parts[spec.layers()] = 1;
        return parts;
    }

    /**
     * Enough dilated layers for the receptive field (2<sup>layers</sup>) to span a training window: past it the
     * training windows start with causal padding, so the model learns nothing about steps further back, and a key
     * stepped in the stream sees exactly what training saw once it has seen a window.
     */
    @Override
    public int defaultLayers(int windowLength, int otherwise) {
        int layers = 1;
        while (WaveNetLayer.dilation(layers) < windowLength && layers < WaveNetLayer.MAX_LAYERS) {
            layers++;
        }
        return layers;
    }

    /** The WaveNet layer's updater as {@link GruNetwork} sets a SameDiff layer's; the head is DL4J's own. */
    @Override
    public void setLearningRate(MultiLayerNetwork network, double learningRate) {
        GruNetwork.INSTANCE.setLearningRate(network, learningRate);
    }

    @Override
    public boolean steppableBy(InferenceEngine engine) {
        return engine == InferenceEngine.JAVA;
    }

    @Override
    public Forecaster javaForecaster(ModelSpec spec, MultiLayerNetwork network) {
        return new JavaWaveNetForecaster(spec, network);
    }

    @Override
    public Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network) {
        throw new UnsupportedOperationException(NO_DL4J_STEP);
    }
}
