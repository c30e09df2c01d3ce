package dev.vigil.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;

/**
 * A causal 1D convolution over the input features, then stacked GRU layers, then the linear head
 * (docs/decisions/0016-conv-gru.md). The convolution ({@code Convolution1DLayer}, {@link ConvolutionMode#Causal}) has
 * {@code spec.units()} filters, each reading the last {@value #KERNEL} steps' features: it gives the GRU a learned
 * view of the local shape (level, slope, curvature over a few readings) instead of one reading at a time. The GRU is
 * {@link GruNetwork}'s ({@link GruLayer}); {@code spec.layers()} counts the GRU layers, the convolution comes on top.
 *
 * <p>A key's memory is two parts: h of every GRU layer, layer after layer (as the GRU's), then the ring of the last
 * {@value #KERNEL}&nbsp;−&nbsp;1 input feature vectors, oldest first. A fresh key's ring is zeros, which is exactly the
 * causal padding DL4J puts before every sequence, so a key stepped from zero memory sees what training saw. A step
 * is one convolution output and one GRU step ({@link JavaCausalConvStep}, {@link JavaGruStep}): O(1) per reading.
 *
 * <p>The kernel is a constant, not an option: an artifact needs no new field for it (a network of another kernel is
 * refused by {@link #matches}), and the DL4J configuration inside the artifact records it anyway.
 *
 * <p>The DL4J engine cannot step it, for the GRU's reason ({@link GruNetwork}), and the convolution would not carry
 * its ring between {@code rnnTimeStep} calls either.
 */
final class ConvGruNetwork implements ArchitectureNetwork {

    static final ConvGruNetwork INSTANCE = new ConvGruNetwork();

    /** Steps each filter reads: the newest and the three before it (see the decision note for the choice). */
    static final int KERNEL = 4;

    /**
     * The filters' activation: identity, a learned linear filter bank whose outputs the GRU's gates then bend. ReLU
     * trained no better (20 generated series, one epoch: held-out step-1 MSE 0.381 identity, 0.388 ReLU, persistence
     * 0.516; decision 0016) and cuts off what a filter sees below zero. The Java step also computes ReLU and tanh.
     */
    static final Activation ACTIVATION = Activation.IDENTITY;

    static final int HIDDEN = 0;
    static final int RING = 1;

    static final String NO_DL4J_STEP = "the dl4j inference engine cannot step a conv-gru model: DL4J carries a key's "
            + "state between rnnTimeStep calls only for its own recurrent layers, and the GRU is a SameDiff layer; "
            + "use inference.engine=java";

    private ConvGruNetwork() {
    }

    @Override
    public void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        layers.layer(new Convolution1DLayer.Builder()
                .kernelSize(KERNEL)
                .stride(1)
                .convolutionMode(ConvolutionMode.Causal)
                .rnnDataFormat(RNNFormat.NCW)
                .nIn(spec.inputs())
                .nOut(spec.units())
                .activation(ACTIVATION)
                .build());
        GruNetwork.addGruLayers(layers, spec, spec.units());
    }

    /** The convolution reads DL4J's recurrent layout [batch, features, time], which DL4J must be told. */
    @Override
    public InputType inputType(ModelSpec spec) {
        return InputType.recurrent(spec.inputs());
    }

    /** The convolution, {@code spec.layers()} GRU layers and the head; the convolution of {@value #KERNEL}. */
    @Override
    public boolean matches(ModelSpec spec, MultiLayerNetwork network) {
        if (network.getnLayers() != spec.layers() + 2
                || !(network.getLayer(0).conf().getLayer() instanceof Convolution1DLayer conv)) {
            return false;
        }
        long outputs = network.getLayer(network.getnLayers() - 1).getParam("W").size(1);
        return conv.getNIn() == spec.inputs() && conv.getNOut() == spec.units() && conv.getKernelSize()[0] == KERNEL
                && outputs == spec.horizon();
    }

    @Override
    public int[] memoryParts(ModelSpec spec) {
        return new int[] {spec.layers() * spec.units(), (KERNEL - 1) * spec.inputs()};
    }

    /** The GRU layers' updaters as {@link GruNetwork} sets them; the convolution is DL4J's own layer. */
    @Override
    public void setLearningRate(MultiLayerNetwork network, double learningRate) {
        GruNetwork.INSTANCE.setLearningRate(network, learningRate);
    }

    @Override
    public boolean layerNormalisable() {
        return true;
    }

    @Override
    public boolean steppableBy(InferenceEngine engine) {
        return engine == InferenceEngine.JAVA;
    }

    @Override
    public Forecaster javaForecaster(ModelSpec spec, MultiLayerNetwork network) {
        return new JavaConvGruForecaster(spec, network);
    }

    @Override
    public Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network) {
        throw new UnsupportedOperationException(NO_DL4J_STEP);
    }
}
