package dev.vigil.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
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
        return untrained(spec, new ModelFitter.Plan(1, 1, learningRate, seed, loss));
    }

    /**
     * The network {@code plan} fits: its seed, learning rate, loss, gradient clipping and dropout. Dropout is set on
     * every layer but the first, so it drops units a layer passes to the next (and to the head), never the key's own
     * value and day-ago values, which no forecast can do without; an architecture built as one DL4J layer (the
     * WaveNet) drops only what reaches the head.
     */
    public static ForecastModel untrained(ModelSpec spec, ModelFitter.Plan plan) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(plan.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(plan.learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(plan.clip())
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
                .layer(new RnnOutputLayer.Builder(plan.loss().dl4j())
                        .activation(Activation.IDENTITY)
                        .nIn(spec.units())
                        .nOut(spec.horizon())
                        .build())
                .build();
        if (plan.dropout() > 0) {
            for (int layer = 1; layer < configuration.getConfs().size(); layer++) {
                // DL4J's Dropout takes the probability of keeping a unit
                configuration.getConf(layer).getLayer().setIDropout(new Dropout(1 - plan.dropout()));
            }
        }
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return new ForecastModel(spec, network);
    }
}
