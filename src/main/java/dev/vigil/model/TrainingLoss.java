package dev.vigil.model;

import java.util.Locale;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;

/**
 * What a network is fitted to minimise over its horizon of scaled values (docs/decisions/0021-mae-loss.md). The loss
 * is part of the network's configuration, so a retrain's fine-tune of a model keeps the loss the model was trained on.
 */
public enum TrainingLoss {

    /** Mean squared error: the conditional mean; every model before decision 0021. */
    MSE(LossFunctions.LossFunction.MSE),

    /**
     * Mean absolute error: the conditional median. The forecasts are judged by their absolute error, and on bursty or
     * heavy-tailed sensors the median is not pulled towards the bursts as the mean is.
     */
    MAE(LossFunctions.LossFunction.MEAN_ABSOLUTE_ERROR);

    private final LossFunctions.LossFunction dl4j;

    TrainingLoss(LossFunctions.LossFunction dl4j) {
        this.dl4j = dl4j;
    }

    LossFunctions.LossFunction dl4j() {
        return dl4j;
    }

    /** The loss {@code network}'s output layer minimises: {@link #MAE} for DL4J's mean absolute error, else MSE. */
    static TrainingLoss of(MultiLayerNetwork network) {
        int last = network.getnLayers() - 1;
        ILossFunction loss = ((BaseOutputLayer) network.getLayerWiseConfigurations().getConf(last).getLayer())
                .getLossFn();
        return loss instanceof LossMAE ? MAE : MSE;
    }

    /** From its name on a command line, {@code mse} or {@code mae}. */
    public static TrainingLoss of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the loss must be mse or mae, not " + name);
        }
    }
}
