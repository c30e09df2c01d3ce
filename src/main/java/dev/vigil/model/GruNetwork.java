package dev.vigil.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The GRU counterpart of {@link NetworkFactory}: {@code spec.layers()} {@link GruLayer}s of {@code spec.units()} and
 * the same linear head, trained the same way (Adam, element-wise gradient clipping at 1, workspaces on), so the
 * network fits with {@code MultiLayerNetwork.fit} on the same [batch, inputs, time] / [batch, horizon, time]
 * windows and is saved by {@code ModelSerializer} like the LSTM's. {@link JavaGruStep} steps it per key.
 */
public final class GruNetwork {

    private GruNetwork() {
    }

    public static MultiLayerNetwork untrained(ModelSpec spec, long seed, double learningRate) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        for (int layer = 0; layer < spec.layers(); layer++) {
            layers.layer(new GruLayer.Builder()
                    .nIn(layer == 0 ? spec.inputs() : spec.units())
                    .nOut(spec.units())
                    .build());
        }
        MultiLayerConfiguration configuration = layers
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .nIn(spec.units())
                        .nOut(spec.horizon())
                        .build())
                // DL4J infers the input type, and so the head's [batch, size, time] layout, only from its own
                // recurrent layers: a network that starts with a SameDiff layer must be told
                .setInputType(InputType.recurrent(spec.inputs()))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    /**
     * Sets the learning rate of every layer. {@code MultiLayerNetwork.setLearningRate} changes only DL4J's own
     * layers and leaves a SameDiff layer at the rate it was built with, so fine-tuning a GRU network at another
     * rate goes through here.
     */
    public static void setLearningRate(MultiLayerNetwork network, double learningRate) {
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
}
