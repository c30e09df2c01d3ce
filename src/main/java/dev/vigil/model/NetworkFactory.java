package dev.vigil.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** Builds the untrained network for a {@link ModelSpec}. */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /**
     * The inputs ({@link NetworkInput}), the architecture's layers, and a linear head with one output per horizon step.
     * Gradients are clipped element-wise: a rare wild window must not blow the weights up. The input type is
     * declared only where the architecture asks ({@link ArchitectureNetwork#inputType}): an LSTM's configuration is
     * what it always was.
     */
    public static ForecastModel untrained(ModelSpec spec, long seed, double learningRate) {
        return untrained(spec, seed, learningRate, TrainingLoss.MSE);
    }

    /** The same, fitted to minimise {@code loss}. */
    public static ForecastModel untrained(ModelSpec spec, long seed, double learningRate, TrainingLoss loss) {
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
        ArchitectureNetwork architecture = spec.architecture().network();
        architecture.addLayers(layers, spec);
        InputType inputType = architecture.inputType(spec);
        if (inputType != null) {
            layers.setInputType(inputType);
        }
        MultiLayerConfiguration configuration = layers
                .layer(new RnnOutputLayer.Builder(loss.dl4j())
                        .activation(Activation.IDENTITY)
                        .nIn(spec.units())
                        .nOut(spec.horizon())
                        .build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return new ForecastModel(spec, network);
    }
}
