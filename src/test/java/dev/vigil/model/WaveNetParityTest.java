package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import dev.vigil.avro.ModelUpdate;

import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The WaveNet ({@link WaveNetNetwork}): the plain-Java step against DL4J's output of whole sequences, the key's rings,
 * the gradients, training, and the artifact.
 */
class WaveNetParityTest {

    private static final int HORIZON = 7;
    private static final int STEPS = 1000;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    /** Up to 10 dilated layers: the deepest reaches 512 steps back, well inside the 1,000. */
    @ParameterizedTest(name = "{0} dilated layer(s) of {1}, day-ago inputs {2}")
    @CsvSource({"1, 16, false", "4, 16, true", "6, 32, false", "6, 32, true", "10, 8, true"})
    void shouldGiveDl4jsOutputsStepByStepOverAThousandSteps(int layers, int units, boolean seasonal) {
        ForecastModel model = randomModel(wavenet(layers, units, seasonal));

        assertParity(model, ParitySequences.sensorSequence(model.spec(), STEPS, 3));
    }

    @Test
    void shouldGiveDl4jsOutputsOnATrainedNetwork() {
        assertParity(Trained.MODEL, ParitySequences.sensorSequence(Trained.MODEL.spec(), STEPS, 4));
    }

    @Test
    void shouldLowerTheHeldOutErrorAndMoveEveryWeightWhenFitted() {
        double before = ModelFitter.validate(Trained.UNTRAINED, Trained.HELD).mse();
        double after = ModelFitter.validate(Trained.MODEL, Trained.HELD).mse();

        assertThat(after).as("held-out MSE after fitting, against %s before", before).isLessThan(before / 2);
        Trained.MODEL.network().paramTable().forEach((key, trained) ->
                assertThat(trained.equalsWithEps(Trained.UNTRAINED.network().getParam(key), 0))
                        .as("%s moved", key).isFalse());
    }

    @Test
    void shouldKeepAKeysMemoryAsARingPerDilatedLayerAndTheStepCount() {
        ModelSpec spec = wavenet(6, 32, true);

        NetworkMemory memory = Architecture.WAVENET.zero(spec);

        assertThat(memory.size()).isEqualTo(7);
        for (int layer = 0; layer < 6; layer++) {
            assertThat(memory.part(layer)).as("layer %s's ring", layer).hasSize((1 << layer) * 32);
        }
        assertThat(memory.part(6)).as("the step count").hasSize(1);
        assertThat(Architecture.of("wavenet")).isEqualTo(Architecture.WAVENET);
    }

    /** Layer 0 (dilation 1) keeps the input projection of the last step; the count runs modulo the largest dilation. */
    @Test
    void shouldHoldTheFirstLayersLastInputAndCountStepsModuloTheLargestDilation() {
        ModelSpec spec = wavenet(3, 8, false);
        ForecastModel model = randomModel(spec);
        Forecaster forecaster = model.newForecaster();
        NetworkMemory memory = Architecture.WAVENET.zero(spec);

        for (float value : new float[] {1f, 2f, 3f, 4f, 5f}) {
            forecaster.step(value, memory);
        }

        float[] weights = model.network().getLayer(0).getParam(WaveNetLayer.INPUT_WEIGHTS).dup().data().asFloat();
        float[] bias = model.network().getLayer(0).getParam(WaveNetLayer.INPUT_BIAS).dup().data().asFloat();
        for (int c = 0; c < 8; c++) {
            assertThat(memory.part(0)[c]).isEqualTo(5f * weights[c] + bias[c]);
        }
        assertThat(memory.part(3)).as("5 steps modulo 4").containsExactly(1f);
    }

    @Test
    void shouldTakeEnoughLayersToSpanATrainingWindowWhenNoneAreNamed() {
        assertThat(Architecture.WAVENET.defaultLayers(64, 1)).isEqualTo(6);
        assertThat(Architecture.WAVENET.defaultLayers(48, 1)).isEqualTo(6);
        assertThat(Architecture.WAVENET.defaultLayers(2, 1)).isEqualTo(1);
        assertThat(Architecture.LSTM.defaultLayers(64, 1)).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheDl4jEngineSayingWhy() {
        ForecastModel model = randomModel(wavenet(2, 8, false));

        assertThat(Architecture.WAVENET.steppableBy(InferenceEngine.DL4J)).isFalse();
        assertThat(Architecture.WAVENET.steppableBy(InferenceEngine.JAVA)).isTrue();
        assertThatThrownBy(() -> model.newForecaster(InferenceEngine.DL4J))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("inference.engine=java");
    }

    @Test
    void shouldRefuseMoreDilatedLayersThanAKeysMemoryShouldHold() {
        assertThatThrownBy(() -> Architecture.WAVENET.zero(wavenet(WaveNetLayer.MAX_LAYERS + 1, 8, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + WaveNetLayer.MAX_LAYERS);
    }

    /**
     * DL4J's numerical gradient check of the WaveNet layer and the head, in double precision: the halving of DL4J's
     * doubled SameDiff gradients (decision 0013) and every slice, shift and gate. At length 3 the deepest dilation
     * (4) reaches past the start, so that layer reads padding alone.
     */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {6, 3})
    void shouldBackpropagateTheGradientsThatFiniteDifferencesGive(int length) {
        boolean matches = GradientCheck.passes(list -> list
                .layer(new WaveNetLayer.Builder().nIn(GradientCheck.INPUTS).nOut(4).dilatedLayers(3).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).nIn(4).nOut(GradientCheck.OUTPUTS).build()), length,
                network -> randomiseBiases(network, new SplittableRandom(8)));

        assertThat(matches).isTrue();
    }

    @Test
    void shouldRoundTripThroughAModelFileUnderItsKind() {
        ModelSpec spec = wavenet(4, 8, true).withVersion(4);
        ForecastModel model = randomModel(spec);
        Path file = dir.resolve("wavenet.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 5, Map.of()), file);

        ModelUpdate read = ModelCodec.read(file);
        ForecastModel loaded = ModelCodec.fromUpdate(read);

        assertThat(read.getArchitecture()).contains("\"kind\":\"wavenet\"");
        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.network().getLayerWiseConfigurations())
                .isEqualTo(model.network().getLayerWiseConfigurations());
        float[][] sequence = ParitySequences.sensorSequence(spec, 50, 5);
        NetworkMemory a = Architecture.WAVENET.zero(spec);
        NetworkMemory b = Architecture.WAVENET.zero(spec);
        Forecaster original = model.newForecaster();
        Forecaster restored = loaded.newForecaster();
        for (float[] input : sequence) {
            assertThat(restored.step(input, b)).containsExactly(original.step(input, a));
        }
        assertThat(b).isEqualTo(a);
    }

    /** A key's memory stored and read back mid-sequence steps on exactly as if it had never left. */
    @Test
    void shouldStepOnFromAStoredMemoryAsFromTheLiveOne() {
        ModelSpec spec = wavenet(5, 8, true);
        Forecaster forecaster = randomModel(spec).newForecaster();
        float[][] sequence = ParitySequences.sensorSequence(spec, 200, 6);
        NetworkMemory live = Architecture.WAVENET.zero(spec);
        for (int t = 0; t < 77; t++) {
            forecaster.step(sequence[t], live);
        }
        NetworkMemory stored = Architecture.WAVENET.restore(live.toAvro(), spec);

        for (int t = 77; t < sequence.length; t++) {
            assertThat(forecaster.step(sequence[t], stored)).containsExactly(forecaster.step(sequence[t], live));
        }
    }

    @Test
    void shouldFineTuneACopyAtTheNewRateLeavingTheBaseAlone() {
        ForecastModel base = Trained.UNTRAINED;
        INDArray before = base.network().params().dup();

        ForecastModel tuned = ModelFitter.fineTune(base, Trained.HELD, new ModelFitter.Plan(1, 8, 0.001, 3));

        assertThat(((WaveNetLayer) tuned.network().getLayer(0).conf().getLayer()).getUpdater())
                .isEqualTo(new Adam(0.001));
        assertThat(((RnnOutputLayer) tuned.network().getLayer(1).conf().getLayer()).getIUpdater())
                .isEqualTo(new Adam(0.001));
        assertThat(((WaveNetLayer) base.network().getLayer(0).conf().getLayer()).getUpdater())
                .isEqualTo(new Adam(0.01));
        assertThat(base.network().params().equalsWithEps(before, 0)).as("base untouched").isTrue();
        assertThat(tuned.network().params().equalsWithEps(before, 0)).as("copy trained").isFalse();
    }

    /** One seasonal model of 4 dilated layers of 16 fitted for a few epochs on generated series. */
    private static final class Trained {

        static final ModelSpec SPEC = wavenet(4, 16, true);
        static final TrainingWindows TRAIN;
        static final TrainingWindows HELD;
        static final ForecastModel UNTRAINED = NetworkFactory.untrained(SPEC, 5, 0.01);
        static final ForecastModel MODEL;

        static {
            TrainingWindows[] split = ParitySequences.generatedWindows(SPEC);
            TRAIN = split[0];
            HELD = split[1];
            MODEL = ModelFitter.fit(SPEC, TRAIN, new ModelFitter.Plan(4, 16, 0.01, 5));
        }
    }

    private static ModelSpec wavenet(int layers, int units, boolean seasonal) {
        return new ModelSpec(1, Architecture.WAVENET, layers, units, HORIZON, seasonal);
    }

    /** The forecaster on the Java engine, key memory from {@link Architecture#zero}, against DL4J's output. */
    private static void assertParity(ForecastModel model, float[][] sequence) {
        INDArray expected = model.network().output(ParitySequences.features(sequence));
        Forecaster forecaster = model.newForecaster(InferenceEngine.JAVA);
        ModelSpec spec = model.spec();
        NetworkMemory memory = spec.architecture().zero(spec);
        double worst = 0;
        for (int t = 0; t < sequence.length; t++) {
            float[] forecast = forecaster.step(sequence[t], memory);
            for (int h = 0; h < forecast.length; h++) {
                worst = Math.max(worst, Math.abs(forecast[h] - expected.getDouble(0, h, t)));
            }
        }
        assertThat(worst).as("largest output difference").isLessThanOrEqualTo(TOLERANCE);
    }

    /** Xavier weights as built, and random biases, so that every bias is exercised. */
    private static ForecastModel randomModel(ModelSpec spec) {
        ForecastModel model = NetworkFactory.untrained(spec, 7, 0.01);
        randomiseBiases(model.network(), new SplittableRandom(spec.layers() * 100L + spec.units()));
        return model;
    }

    private static void randomiseBiases(MultiLayerNetwork network, SplittableRandom random) {
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            network.getLayer(layer).paramTable().forEach((key, bias) -> {
                if (key.startsWith("b")) {
                    double[] values = new double[(int) bias.length()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = random.nextDouble(-0.5, 0.5);
                    }
                    bias.assign(Nd4j.createFromArray(values).castTo(bias.dataType()).reshape(bias.shape()));
                }
            });
        }
    }
}
