package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.vigil.avro.ModelUpdate;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The conv-GRU ({@link ConvGruNetwork}): the plain-Java step against DL4J's output of whole sequences, its training,
 * and its artifact.
 */
class ConvGruParityTest {

    private static final int HORIZON = 7;
    private static final int STEPS = 1000;
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} GRU layer(s) of {1}, day-ago inputs {2}")
    @CsvSource({"1, 64, false", "1, 64, true", "2, 32, false", "2, 32, true"})
    void shouldGiveDl4jsOutputsStepByStepOverAThousandSteps(int layers, int units, boolean seasonal) {
        ForecastModel model = randomModel(convGru(layers, units, seasonal));

        assertParity(model, ParitySequences.sensorSequence(model.spec(), STEPS, 3));
    }

    /** Fewer steps than above: DL4J infers a layer-normalised GRU on its unrolled graph, slow to build at length. */
    @Test
    void shouldGiveDl4jsOutputsStepByStepWithLayerNormalisation() {
        ForecastModel model = randomModel(convGru(2, 16, true).withLayerNorm(true));

        assertParity(model, ParitySequences.sensorSequence(model.spec(), 200, 3));
    }

    @Test
    void shouldGiveDl4jsOutputsOnATrainedNetwork() {
        assertParity(Trained.MODEL, ParitySequences.sensorSequence(Trained.MODEL.spec(), STEPS, 4));
    }

    @Test
    void shouldLowerTheHeldOutErrorWhenFitted() {
        double before = ModelFitter.validate(Trained.UNTRAINED, Trained.HELD).mse();
        double after = ModelFitter.validate(Trained.MODEL, Trained.HELD).mse();

        assertThat(after).as("held-out MSE after fitting, against %s before", before).isLessThan(before / 2);
    }

    @Test
    void shouldKeepAKeysMemoryAsHOfEveryLayerAndTheRingOfInputs() {
        ModelSpec spec = convGru(2, 32, true);

        NetworkMemory memory = Architecture.CONV_GRU.zero(spec);

        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.part(ConvGruNetwork.HIDDEN)).hasSize(2 * 32);
        assertThat(memory.part(ConvGruNetwork.RING)).hasSize((ConvGruNetwork.KERNEL - 1) * spec.inputs());
        assertThat(Architecture.of("conv-gru")).isEqualTo(Architecture.CONV_GRU);
    }

    @Test
    void shouldHoldTheLastInputsInTheRingOldestFirst() {
        ModelSpec spec = convGru(1, 8, false);
        Forecaster forecaster = randomModel(spec).newForecaster();
        NetworkMemory memory = Architecture.CONV_GRU.zero(spec);

        for (float value : new float[] {1f, 2f, 3f, 4f, 5f}) {
            forecaster.step(value, memory);
        }

        assertThat(memory.part(ConvGruNetwork.RING)).containsExactly(3f, 4f, 5f);
    }

    @Test
    void shouldRefuseTheDl4jEngineSayingWhy() {
        ForecastModel model = randomModel(convGru(1, 8, false));

        assertThat(Architecture.CONV_GRU.steppableBy(InferenceEngine.DL4J)).isFalse();
        assertThat(Architecture.CONV_GRU.steppableBy(InferenceEngine.JAVA)).isTrue();
        assertThatThrownBy(() -> model.newForecaster(InferenceEngine.DL4J))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("inference.engine=java");
    }

    /**
     * DL4J's numerical gradient check of the whole chain, causal convolution into a GRU into the head: the GRU
     * layer's input gradient (halved, decision 0013) is what the convolution trains on.
     */
    @Test
    void shouldBackpropagateTheGradientsThatFiniteDifferencesGive() {
        boolean matches = GradientCheck.passes(list -> list
                .layer(new Convolution1DLayer.Builder().kernelSize(ConvGruNetwork.KERNEL).stride(1)
                        .convolutionMode(ConvolutionMode.Causal).nIn(GradientCheck.INPUTS).nOut(4)
                        .activation(ConvGruNetwork.ACTIVATION).build())
                .layer(new GruLayer.Builder().nIn(4).nOut(5).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).nIn(5).nOut(GradientCheck.OUTPUTS).build()), 6,
                network -> randomiseBiases(network, new SplittableRandom(8)));

        assertThat(matches).isTrue();
    }

    @Test
    void shouldRoundTripThroughAModelFileUnderItsKind() {
        ModelSpec spec = convGru(2, 8, true).withVersion(4);
        ForecastModel model = randomModel(spec);
        Path file = dir.resolve("conv-gru.vgm");
        ModelCodec.write(ModelCodec.toUpdate(model, "test", 5, Map.of()), file);

        ModelUpdate read = ModelCodec.read(file);
        ForecastModel loaded = ModelCodec.fromUpdate(read);

        assertThat(read.getArchitecture()).contains("\"kind\":\"conv-gru\"");
        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.network().getLayerWiseConfigurations())
                .isEqualTo(model.network().getLayerWiseConfigurations());
        float[][] sequence = ParitySequences.sensorSequence(spec, 50, 5);
        NetworkMemory a = Architecture.CONV_GRU.zero(spec);
        NetworkMemory b = Architecture.CONV_GRU.zero(spec);
        Forecaster original = model.newForecaster();
        Forecaster restored = loaded.newForecaster();
        for (float[] input : sequence) {
            assertThat(restored.step(input, b)).containsExactly(original.step(input, a));
        }
        assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldFineTuneACopyAtTheNewRateLeavingTheBaseAlone() {
        ForecastModel base = Trained.UNTRAINED;
        INDArray before = base.network().params().dup();

        ForecastModel tuned = ModelFitter.fineTune(base, Trained.HELD, new ModelFitter.Plan(1, 8, 0.001, 3));

        assertThat(((Convolution1DLayer) tuned.network().getLayer(0).conf().getLayer()).getIUpdater())
                .isEqualTo(new Adam(0.001));
        assertThat(((GruLayer) tuned.network().getLayer(1).conf().getLayer()).getUpdater())
                .isEqualTo(new Adam(0.001));
        assertThat(((GruLayer) base.network().getLayer(1).conf().getLayer()).getUpdater())
                .isEqualTo(new Adam(0.01));
        assertThat(base.network().params().equalsWithEps(before, 0)).as("base untouched").isTrue();
        assertThat(tuned.network().params().equalsWithEps(before, 0)).as("copy trained").isFalse();
    }

    /** One 1×16 seasonal model fitted for a few epochs on generated series, for the tests that need a trained one. */
    private static final class Trained {

        static final ModelSpec SPEC = convGru(1, 16, true);
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

    private static ModelSpec convGru(int layers, int units, boolean seasonal) {
        return new ModelSpec(1, Architecture.CONV_GRU, layers, units, HORIZON, seasonal);
    }

    /**
     * The forecaster on the Java engine, key memory from {@link Architecture#zero}, against DL4J's output of the whole
     * sequence: the forecasts, and h of every GRU layer against the layers' activations.
     */
    private static void assertParity(ForecastModel model, float[][] sequence) {
        MultiLayerNetwork network = model.network();
        INDArray features = ParitySequences.features(sequence);
        INDArray expected = network.output(features);
        List<INDArray> activations = network.feedForward(features);
        Forecaster forecaster = model.newForecaster(InferenceEngine.JAVA);
        ModelSpec spec = model.spec();
        NetworkMemory memory = spec.architecture().zero(spec);
        double worstOutput = 0;
        double worstState = 0;
        for (int t = 0; t < sequence.length; t++) {
            float[] forecast = forecaster.step(sequence[t], memory);
            for (int h = 0; h < forecast.length; h++) {
                worstOutput = Math.max(worstOutput, Math.abs(forecast[h] - expected.getDouble(0, h, t)));
            }
            for (int layer = 0; layer < spec.layers(); layer++) {
                INDArray layerOutput = activations.get(layer + 2); // the input, then the convolution's output
                for (int j = 0; j < spec.units(); j++) {
                    worstState = Math.max(worstState, Math.abs(
                            memory.part(ConvGruNetwork.HIDDEN)[layer * spec.units() + j]
                                    - layerOutput.getDouble(0, j, t)));
                }
            }
        }
        assertThat(worstOutput).as("largest output difference").isLessThanOrEqualTo(TOLERANCE);
        assertThat(worstState).as("largest h difference").isLessThanOrEqualTo(TOLERANCE);
    }

    /** Xavier weights as built, and random biases, so that every bias (the convolution's too) is exercised. */
    private static ForecastModel randomModel(ModelSpec spec) {
        ForecastModel model = NetworkFactory.untrained(spec, 7, 0.01);
        randomiseBiases(model.network(), new SplittableRandom(spec.layers() * 100L + spec.units()));
        return model;
    }

    private static void randomiseBiases(MultiLayerNetwork network, SplittableRandom random) {
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            INDArray bias = network.getLayer(layer).getParam("b");
            double[] values = new double[(int) bias.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(-0.5, 0.5);
            }
            bias.assign(Nd4j.createFromArray(values).castTo(bias.dataType()).reshape(bias.shape()));
        }
    }
}
