package dev.vigil.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What one architecture owns: the layers between the inputs and the linear head, the parts of a key's memory, and
 * the two ways to step it (plain Java, and DL4J's own on any ND4J backend). The next architecture is one class
 * implementing this and one parity test.
 */
interface ArchitectureNetwork {

    /** Adds the architecture's layers for {@code spec}, reading {@link ModelSpec#inputs()} features a step. */
    void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec);

    /** Sizes of the float arrays a key's memory holds. */
    int[] memoryParts(ModelSpec spec);

    /** The plain-Java step over the trained weights (copied: the forecaster belongs to one thread). */
    Forecaster javaForecaster(ModelSpec spec, MultiLayerNetwork network);

    /** DL4J's own step of {@code network} (a copy the forecaster owns). */
    Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network);
}
