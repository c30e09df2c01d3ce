package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.vigil.testing.TestModels;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/** The loss a network is fitted to: chosen by the plan, kept by the artifact and by a retrain's fine-tune. */
class TrainingLossTest {

    private static final ModelSpec SPEC = new ModelSpec(1, Architecture.LSTM, 1, 8, TestModels.HORIZON, false);

    @Test
    void shouldFitToTheLossThePlanNamesAndKeepItThroughTheArtifactAndAFineTune() {
        TrainingWindows[] split = ParitySequences.generatedWindows(SPEC);
        ForecastModel mae = ModelFitter.fit(SPEC, split[0], new ModelFitter.Plan(1, 16, 0.01, 3, TrainingLoss.MAE));
        ForecastModel mse = ModelFitter.fit(SPEC, split[0], new ModelFitter.Plan(1, 16, 0.01, 3));

        assertThat(loss(mae.network())).isInstanceOf(LossMAE.class);
        assertThat(loss(mse.network())).isInstanceOf(LossMSE.class);
        assertThat(mae.loss()).isEqualTo(TrainingLoss.MAE);
        assertThat(mse.loss()).isEqualTo(TrainingLoss.MSE);
        // the same seed and windows: only the loss differs, and it changes the weights
        assertThat(mae.network().params()).isNotEqualTo(mse.network().params());

        ForecastModel shipped = ModelCodec.fromUpdate(ModelCodec.toUpdate(mae, "test", 1, Map.of()));
        assertThat(shipped.loss()).isEqualTo(TrainingLoss.MAE);
        // a retrain fine-tunes the live network: its plan's loss does not replace the network's own
        ForecastModel tuned = ModelFitter.fineTune(shipped, split[1], new ModelFitter.Plan(1, 16, 0.001, 3));
        assertThat(tuned.loss()).isEqualTo(TrainingLoss.MAE);
    }

    @Test
    void shouldNameTheLossInTheRecipeOnlyWhenItIsNotTheMeanSquaredError() {
        // the recipes recorded before the loss could be chosen read as they did
        assertThat(new ModelFitter.Plan(2, 64, 0.005, 42).toString())
                .isEqualTo("Plan[epochs=2, batchSize=64, learningRate=0.005, seed=42]");
        assertThat(new ModelFitter.Plan(2, 64, 0.005, 42, TrainingLoss.MAE).toString())
                .isEqualTo("Plan[epochs=2, batchSize=64, learningRate=0.005, seed=42, loss=MAE]");
    }

    @Test
    void shouldReadTheLossFromItsNameAndRefuseAnother() {
        assertThat(TrainingLoss.of("mae")).isEqualTo(TrainingLoss.MAE);
        assertThat(TrainingLoss.of(" MSE ")).isEqualTo(TrainingLoss.MSE);
        assertThatThrownBy(() -> TrainingLoss.of("huber")).hasMessage("the loss must be mse or mae, not huber");
    }

    private static ILossFunction loss(MultiLayerNetwork network) {
        int last = network.getnLayers() - 1;
        return ((BaseOutputLayer) network.getLayerWiseConfigurations().getConf(last).getLayer()).getLossFn();
    }
}
