package dev.vigil.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;

/**
 * Stacked LSTM layers (DL4J's {@code LSTM}, tanh). A key's memory is two parts: h of every layer, then c of every
 * layer, layer after layer.
 */
final class LstmNetwork implements ArchitectureNetwork {

    static final LstmNetwork INSTANCE = new LstmNetwork();

    static final int HIDDEN = 0;
    static final int CELL = 1;

    private LstmNetwork() {
    }

    @Override
    public void addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
        for (int layer = 0; layer < spec.layers(); layer++) {
            layers.layer(new LSTM.Builder()
                    .nIn(layer == 0 ? spec.inputs() : spec.units())
                    .nOut(spec.units())
                    .activation(Activation.TANH)
                    .build());
        }
    }

    @Override
    public int[] memoryParts(ModelSpec spec) {
        int size = spec.layers() * spec.units();
        return new int[] {size, size};
    }

    @Override
    public Forecaster javaForecaster(ModelSpec spec, MultiLayerNetwork network) {
        return new JavaLstmForecaster(spec, network);
    }

    @Override
    public Forecaster dl4jForecaster(ModelSpec spec, MultiLayerNetwork network) {
        return new Dl4jLstmForecaster(spec, network);
    }
}
