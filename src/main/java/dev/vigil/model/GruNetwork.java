package dev.vigil.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Stacked GRU layers ({@link GruLayer}: DL4J 1.0.0-M2.1 has no GRU of its own, so a SameDiff layer). A key's memory
 * is one part: h of every layer, layer after layer. The plain-Java step is {@link JavaGruStep}
 * ({@link JavaGruForecaster}).
 *
 * <p><b>The DL4J engine cannot step it.</b> {@code MultiLayerNetwork.rnnTimeStep} carries state between calls only
 * for DL4J's own recurrent layers ({@code RecurrentLayer}: {@code rnnSetPreviousState} /
 * {@code rnnGetPreviousState}); a SameDiff layer has no such state, so each call would run as a new sequence from
 * h = 0 and forecast from the last reading alone. A GRU model is therefore refused with the DL4J engine: at start-up
 * as a configuration error, and in {@link #dl4jForecaster}.
 */
final class GruNetwork implements ArchitectureNetwork {

    static final GruNetwork INSTANCE = new GruNetwork();

    static final int HIDDEN = 0;

    /** Why the DL4J engine refuses a GRU model, for the errors that say so. */
    static final String NO_DL4J_STEP = "the dl4j inference engine cannot step a gru model: DL4J carries a key's state "
            + "between rnnTimeStep calls only for its own recurrent layers, and the GRU is a SameDiff layer; "
            + "use inference.engine=java";

    private GruNetwork() {
    }

    @Override
    public void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        addGruLayers(layers, spec, spec.inputs());
    }

    /** {@code spec.layers()} GRU layers of {@code spec.units()}, the first reading {@code inputs} features a step. */
    static void addGruLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int inputs) {
        for (int layer = 0; layer < spec.layers(); layer++) {
            layers.layer(new GruLayer.Builder()
                    .nIn(layer == 0 ? inputs : spec.units())
                    .nOut(spec.units())
                    .layerNorm(spec.layerNorm())
                    .build());
        }
    }

    /**
     * DL4J infers the input type, and so the head's [batch, size, time] layout, only from its own recurrent layers:
     * a network that starts with a SameDiff layer must be told.
     */
    @Override
    public InputType inputType(ModelSpec spec) {
        return InputType.recurrent(spec.inputs());
    }

    @Override
    public int[] memoryParts(ModelSpec spec) {
        return new int[] {spec.layers() * spec.units()};
    }

    /**
     * {@code MultiLayerNetwork.setLearningRate} changes only DL4J's own layers and leaves a SameDiff layer at the
     * rate it was built with: the GRU layers' updaters are set here first. Each network has its own updater
     * settings ({@link GruLayer#clone()}), so setting a copy's leaves the original's alone.
     */
    @Override
    public void setLearningRate(MultiLayerNetwork network, double learningRate) {
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayer(i).conf().getLayer();
            if (layer instanceof AbstractSameDiffLayer sameDiff) {
                IUpdater updater = sameDiff.getUpdater();
                if (updater != null && updater.hasLearningRate()) {
                    updater.setLrAndSchedule(learningRate, null);
                }
            }
        }
        network.setLearningRate(learningRate); // DL4J's layers, and rebuilds the updater blocks from the new rates
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
        return new JavaGruForecaster(spec, network);
    }

    @Override
    public Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network) {
        throw new UnsupportedOperationException(NO_DL4J_STEP);
    }
}
