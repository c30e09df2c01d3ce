package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;

import dev.vigil.testing.TestModels;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The plan's regularisation: dropout between layers and the gradient clip, for every architecture. Each is part of the
 * network's configuration, so the artifact and a retrain's fine-tune keep it; neither touches inference. And the
 * plan's seed: the same one trains the same weights, another one others.
 */
class TrainingOptionsTest {

    private static ModelSpec spec(Architecture architecture) {
        int layers = architecture == Architecture.WAVENET ? 3 : 2;
        return new ModelSpec(1, architecture, layers, 8, TestModels.HORIZON, true);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void shouldDropUnitsBetweenLayersInTrainingOnlyAndKeepTheSettingThroughTheArtifact(Architecture architecture) {
        ModelSpec spec = spec(architecture);
        TrainingWindows[] split = ParitySequences.generatedWindows(spec);
        ModelFitter.Plan plain = new ModelFitter.Plan(1, 16, 0.01, 3);
        ForecastModel dropped = ModelFitter.fit(spec, split[0], plain.withDropout(0.3));
        ForecastModel again = ModelFitter.fit(spec, split[0], plain.withDropout(0.3));
        ForecastModel without = ModelFitter.fit(spec, split[0], plain);

        // the same seed and windows: dropout changes the weights, and the same masks are drawn again
        assertThat(dropped.network().params()).isNotEqualTo(without.network().params());
        assertThat(again.network().params()).isEqualTo(dropped.network().params());

        // never the key's own inputs; every layer after the first, the head included
        MultiLayerNetwork network = dropped.network();
        assertThat(dropout(network, 0)).isNull();
        for (int layer = 1; layer < network.getnLayers(); layer++) {
            assertThat(dropout(network, layer)).as("layer %d", layer).isEqualTo(new Dropout(0.7));
            // a copy (a fine-tune's) draws its own masks, never into the original's dropout
            assertThat(dropout(network.clone(), layer)).as("layer %d copied", layer).isEqualTo(new Dropout(0.7))
                    .isNotSameAs(dropout(network, layer));
        }

        // the second layer (a SameDiff layer for the GRU and the conv-GRU, the head for the WaveNet) drops units of
        // its input in a training pass and not in inference; without dropout its output is the same in both (to float
        // noise: the GRU's training and inference graphs are two graphs of one cell)
        INDArray sequence = ParitySequences.features(ParitySequences.sensorSequence(spec, 40, 11));
        assertThat(trainingAgainstInference(network, sequence)).isGreaterThan(1e-2);
        assertThat(trainingAgainstInference(without.network(), sequence)).isLessThan(1e-4);

        // inference drops nothing: the same input gives the same forecast, before and after the artifact
        INDArray features = ParitySequences.features(ParitySequences.sensorSequence(spec, 40, 11));
        assertThat(network.output(features)).isEqualTo(network.output(features));
        ForecastModel loaded = ModelCodec.fromUpdate(ModelCodec.toUpdate(dropped, "test", 1, Map.of()));
        assertThat(loaded.network().output(features)).isEqualTo(network.output(features));
        assertThat(dropout(loaded.network(), network.getnLayers() - 1)).isEqualTo(new Dropout(0.7));

        // a retrain fine-tunes the live network with its own dropout, whatever its plan says
        ForecastModel tuned = ModelFitter.fineTune(loaded, split[1], new ModelFitter.Plan(1, 16, 0.001, 3));
        assertThat(dropout(tuned.network(), network.getnLayers() - 1)).isEqualTo(new Dropout(0.7));
        // and draws the same masks for the same plan, whatever ran on the thread before (a replay is byte-identical)
        ModelFitter.fit(spec, split[1], plain.withDropout(0.5));
        ForecastModel tunedAgain = ModelFitter.fineTune(loaded, split[1], new ModelFitter.Plan(1, 16, 0.001, 3));
        assertThat(tunedAgain.network().params()).isEqualTo(tuned.network().params());
    }

    /**
     * Backprop through a SameDiff layer's dropout, the same masks in every pass (the generator reseeded): the
     * gradients finite differences give, which they are not if the mask is not taken off the errors.
     */
    @Test
    void shouldBackpropagateThroughTheDropoutOfVigilsOwnCells() {
        boolean matches = GradientCheck.passes(list -> list
                .layer(new GruLayer.Builder().nIn(GradientCheck.INPUTS).nOut(4).build())
                .layer(new GruLayer.Builder().nIn(4).nOut(5).dropOut(new Dropout(0.6)).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).dropOut(new Dropout(0.6))
                        .activation(Activation.IDENTITY).nIn(5).nOut(GradientCheck.OUTPUTS).build()), 6,
                network -> { }, network -> Nd4j.getRandom().setSeed(5));

        assertThat(matches).isTrue();
    }

    @Test
    void shouldClipGradientsWhereThePlanSays() {
        ModelSpec spec = spec(Architecture.LSTM);
        TrainingWindows[] split = ParitySequences.generatedWindows(spec);
        ModelFitter.Plan plain = new ModelFitter.Plan(1, 16, 0.01, 3);
        ForecastModel tight = ModelFitter.fit(spec, split[0], plain.withClip(0.001));
        ForecastModel loose = ModelFitter.fit(spec, split[0], plain);

        assertThat(tight.network().getLayerWiseConfigurations().getConf(0).getLayer().getGradientNormalizationThreshold())
                .isEqualTo(0.001);
        assertThat(loose.network().getLayerWiseConfigurations().getConf(0).getLayer().getGradientNormalizationThreshold())
                .isEqualTo(ModelFitter.Plan.DEFAULT_CLIP);
        assertThat(tight.network().params()).isNotEqualTo(loose.network().params());
    }

    @Test
    void shouldTrainTheSameWeightsFromTheSameSeedAndOthersFromAnother() {
        ModelSpec spec = spec(Architecture.LSTM);
        TrainingWindows[] split = ParitySequences.generatedWindows(spec);
        ModelFitter.Plan plan = new ModelFitter.Plan(1, 16, 0.01, 3);

        ForecastModel first = ModelFitter.fit(spec, split[0], plan);
        ForecastModel again = ModelFitter.fit(spec, split[0], plan);
        ForecastModel other = ModelFitter.fit(spec, split[0], plan.withSeed(4));

        assertThat(again.network().params()).isEqualTo(first.network().params());
        assertThat(other.network().params()).isNotEqualTo(first.network().params());
        assertThat(plan.withSeed(4).toString()).isEqualTo("Plan[epochs=1, batchSize=16, learningRate=0.01, seed=4]");
    }

    /**
     * Sequence to vector: with the last N steps counted, what a window asks of its earlier steps cannot move the
     * weights. Two sets of windows that differ only in the earlier steps' targets train the same network; counting
     * every step, they do not. The mask is the output layer's, the same for every architecture: DL4J's own cell and
     * Vigil's SameDiff one are enough to show it.
     */
    @ParameterizedTest
    @EnumSource(names = {"LSTM", "GRU"})
    void shouldCountOnlyEachWindowsLastStepsWhereThePlanSays(Architecture architecture) {
        ModelSpec spec = spec(architecture);
        TrainingWindows windows = ParitySequences.generatedWindows(spec)[0];
        int counted = 3;
        TrainingWindows scrambled = new TrainingWindows(windows.length(), spec);
        for (TrainingWindows.Window window : windows.windows()) {
            float[][] targets = new float[window.targets().length][];
            for (int t = 0; t < targets.length; t++) {
                targets[t] = window.targets()[t].clone();
                if (t < targets.length - counted) {
                    Arrays.fill(targets[t], 50f);
                }
            }
            scrambled.add(new TrainingWindows.Window(window.inputs(), targets));
        }
        ModelFitter.Plan plan = new ModelFitter.Plan(1, 16, 0.01, 3);

        assertThat(ModelFitter.fit(spec, scrambled, plan.withLossSteps(counted)).network().params())
                .isEqualTo(ModelFitter.fit(spec, windows, plan.withLossSteps(counted)).network().params());
        assertThat(ModelFitter.fit(spec, scrambled, plan).network().params())
                .isNotEqualTo(ModelFitter.fit(spec, windows, plan).network().params());
    }

    @Test
    void shouldNameDropoutAndClipInTheRecipeOnlyWhenSetAndRefuseValuesOutOfRange() {
        ModelFitter.Plan plan = new ModelFitter.Plan(2, 64, 0.005, 42);
        // the recipes recorded before these options read as they did
        assertThat(plan.toString()).isEqualTo("Plan[epochs=2, batchSize=64, learningRate=0.005, seed=42]");
        assertThat(plan.withDropout(0.2).withClip(5).toString())
                .isEqualTo("Plan[epochs=2, batchSize=64, learningRate=0.005, seed=42, dropout=0.2, clip=5.0]");
        assertThat(plan.withLossSteps(1).toString())
                .isEqualTo("Plan[epochs=2, batchSize=64, learningRate=0.005, seed=42, lossSteps=1]");
        assertThatThrownBy(() -> plan.withLossSteps(-1))
                .hasMessage("the steps counted in the loss must be 0 (every step) or more, not -1");

        assertThatThrownBy(() -> plan.withDropout(1)).hasMessage("dropout must be at least 0 and below 1, not 1.0");
        assertThatThrownBy(() -> plan.withDropout(-0.1)).hasMessage("dropout must be at least 0 and below 1, not -0.1");
        assertThatThrownBy(() -> plan.withClip(0)).hasMessage("the gradient clip must be a positive number, not 0.0");
        assertThatThrownBy(() -> plan.withClip(Double.NaN))
                .hasMessage("the gradient clip must be a positive number, not NaN");
    }

    /** The second layer's output (the first that may drop units), a training pass against inference. */
    private static double trainingAgainstInference(MultiLayerNetwork network, INDArray features) {
        // feedForward's list starts with the input; a layer's dropout may overwrite its input's entry in place
        INDArray training = network.feedForward(features, true).get(2);
        INDArray inference = network.feedForward(features, false).get(2);
        return training.sub(inference).amaxNumber().doubleValue();
    }

    private static IDropout dropout(MultiLayerNetwork network, int layer) {
        return network.getLayerWiseConfigurations().getConf(layer).getLayer().getIDropout();
    }
}
