package dev.vigil.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What one architecture owns: the layers between the inputs and the linear head, the parts of a key's memory, and
 * the two ways to step it (plain Java, and DL4J's own on any ND4J backend). The next architecture is one class
 * implementing this and one parity test.
 */
interface ArchitectureNetwork {

    /** Adds the architecture's layers for {@code spec}, reading {@link ModelSpec#inputs()} features a step. */
    void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec);

    /**
     * The input type to declare on the network's configuration, or null to declare none. DL4J infers it from its
     * own recurrent layers, and declaring it would change their configuration (and so every model trained since):
     * only an architecture whose first layer DL4J cannot read it from declares one.
     */
    default InputType inputType(ModelSpec spec) {
        return null;
    }

    /**
     * Whether {@code network} is one this architecture builds for {@code spec}: as many layers, as many inputs a
     * step, as many outputs. The default reads an architecture of {@code spec.layers()} layers whose first weight
     * matrix has a row per input, and the head.
     */
    default boolean matches(ModelSpec spec, MultiLayerNetwork network) {
        long outputs = network.getLayer(network.getnLayers() - 1).getParam("W").size(1);
        long inputs = network.getLayer(0).getParam("W").size(0);
        return network.getnLayers() == spec.layers() + 1 && outputs == spec.horizon() && inputs == spec.inputs();
    }

    /** Sizes of the float arrays a key's memory holds. */
    int[] memoryParts(ModelSpec spec);

    /**
     * The layers to build when a command names this architecture but no layer count, for windows of
     * {@code windowLength}: {@code otherwise} (the recipe's) unless the architecture's layers mean something else.
     */
    default int defaultLayers(int windowLength, int otherwise) {
        return otherwise;
    }

    /**
     * Sets the learning rate every layer of {@code network} trains at from now on (fine-tuning a copy of a model at
     * the retraining rate). DL4J's own does it for DL4J's own layers.
     */
    default void setLearningRate(MultiLayerNetwork network, double learningRate) {
        network.setLearningRate(learningRate);
    }

    /** Whether its cells can be layer-normalised: only where Vigil builds the cell itself. */
    default boolean layerNormalisable() {
        return false;
    }

    /** Whether {@code engine} can step this architecture; {@link #dl4jForecaster} throws where the DL4J one cannot. */
    default boolean steppableBy(InferenceEngine engine) {
        return true;
    }

    /** The plain-Java step over the trained weights (copied: the forecaster belongs to one thread). */
    Forecaster javaForecaster(ModelSpec spec, MultiLayerNetwork network);

    /** DL4J's own step of {@code network} (a copy the forecaster owns). */
    Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network);
}
