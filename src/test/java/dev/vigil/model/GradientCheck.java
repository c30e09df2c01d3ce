package dev.vigil.model;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's numerical gradient check, as the tests of Vigil's own cells run it: in double precision, on a small network
 * reading {@value #INPUTS} features a step and ending in a head of {@value #OUTPUTS}, two random sequences.
 */
final class GradientCheck {

    static final int INPUTS = 3;
    static final int OUTPUTS = 2;

    private GradientCheck() {
    }

    /** Whether the gradients of the network {@code layers} adds match finite differences over {@code length} steps. */
    static boolean passes(UnaryOperator<NeuralNetConfiguration.ListBuilder> layers, int length,
                          Consumer<MultiLayerNetwork> prepare) {
        return passes(layers, length, prepare, network -> { });
    }

    /**
     * The same, {@code prepare} setting the initialised network's parameters first and {@code eachPass} running before
     * every forward pass (to draw the same dropout masks in each).
     */
    static boolean passes(UnaryOperator<NeuralNetConfiguration.ListBuilder> layers, int length,
                          Consumer<MultiLayerNetwork> prepare, Consumer<MultiLayerNetwork> eachPass) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerConfiguration configuration = layers.apply(new NeuralNetConfiguration.Builder()
                            .seed(3)
                            .dataType(DataType.DOUBLE)
                            .updater(new NoOp())
                            .list())
                    .setInputType(InputType.recurrent(INPUTS))
                    .build();
            MultiLayerNetwork network = new MultiLayerNetwork(configuration);
            network.init();
            prepare.accept(network);
            Nd4j.getRandom().setSeed(12);
            INDArray features = Nd4j.randn(DataType.DOUBLE, 2, INPUTS, length);
            INDArray labels = Nd4j.randn(DataType.DOUBLE, 2, OUTPUTS, length);
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                    .net(network).input(features).labels(labels)
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .callEachIter(eachPass::accept)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
