package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GruParityTest {

    private static final int HORIZON = 7;
    private static final int STEPS = 1000;
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0} layer(s) of {1}, day-ago inputs {2}")
    @CsvSource({"1, 64, false", "1, 64, true", "2, 32, false", "2, 32, true"})
    void shouldGiveDl4jsOutputsStepByStepOverAThousandSteps(int layers, int units, boolean seasonal) {
        ForecastModel model = randomModel(gru(layers, units, seasonal));

        assertParity(model, randomSequence(model, STEPS, 3));
    }

    /**
     * One shape only: DL4J infers a layer-normalised GRU on the unrolled graph, a thousand steps of which take most of a
     * minute to build and run; two layers are covered by the trained network below.
     */
    @Test
    void shouldGiveDl4jsOutputsStepByStepWithLayerNormalisation() {
        ForecastModel model = randomModel(gru(1, 64, true).withLayerNorm(true));

        assertParity(model, randomSequence(model, STEPS, 3));
    }

    @Test
    void shouldGiveDl4jsOutputsOnATrainedLayerNormalisedNetworkAndKeepItThroughTheArtifact() {
        ModelSpec spec = gru(2, 16, true).withLayerNorm(true);
        TrainingWindows[] split = ParitySequences.generatedWindows(spec);
        ForecastModel model = ModelFitter.fit(spec, split[0], new ModelFitter.Plan(1, 16, 0.01, 5));
        ForecastModel loaded = ModelCodec.fromUpdate(ModelCodec.toUpdate(model, "test", 1, Map.of()));

        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(ModelCodec.architecture(spec)).contains("\"layerNorm\":true");
        assertThat(ModelCodec.architecture(gru(2, 16, true))).doesNotContain("layerNorm");
        // the gains moved from 1 in training, and the trained network still steps as DL4J computes it
        assertThat(loaded.network().getLayer(0).getParam(GruLayer.GAIN).equalsWithEps(
                Nd4j.ones(DataType.FLOAT, 1, 3 * 16), 1e-6)).isFalse();
        assertParity(loaded, ParitySequences.sensorSequence(spec, 100, 4));
    }

    @Test
    void shouldRefuseLayerNormalisationWhereVigilDoesNotBuildTheCell() {
        assertThatThrownBy(() -> new ModelSpec(1, Architecture.LSTM, 1, 8, HORIZON, true).withLayerNorm(true))
                .hasMessageContaining("layer normalisation is built for the gru and conv-gru cells, not lstm");
        assertThatThrownBy(() -> new ModelSpec(1, Architecture.WAVENET, 3, 8, HORIZON, true).withLayerNorm(true))
                .hasMessageContaining("not wavenet");
        assertThatThrownBy(() -> new ModelSpec(1, Architecture.GRU, 1, 1, HORIZON, true).withLayerNorm(true))
                .hasMessageContaining("layer normalisation needs at least 2 units");
    }

    @Test
    void shouldGiveDl4jsOutputsOnATrainedNetwork() {
        assertParity(Trained.MODEL, randomSequence(Trained.MODEL, 300, 4));
    }

    @Test
    void shouldLowerTheErrorAndMoveEveryWeightWhenFitted() {
        assertThat(meanScore(Trained.MODEL.network(), Trained.WINDOWS)).isLessThan(Trained.SCORE_BEFORE / 2);
        Trained.MODEL.network().paramTable().forEach((key, trained) ->
                assertThat(trained.equalsWithEps(Trained.INITIAL.get(key), 0)).as("%s moved", key).isFalse());
    }

    @Test
    void shouldKeepAKeysMemoryAsOnePartOfHOfEveryLayer() {
        ModelSpec spec = gru(2, 32, true);

        assertThat(Architecture.GRU.zero(spec).size()).isEqualTo(1);
        assertThat(Architecture.GRU.zero(spec).part(0)).hasSize(2 * 32);
    }

    @Test
    void shouldRefuseTheDl4jEngineSayingWhy() {
        ForecastModel model = randomModel(gru(1, 8, false));

        assertThat(Architecture.GRU.steppableBy(InferenceEngine.DL4J)).isFalse();
        assertThat(Architecture.GRU.steppableBy(InferenceEngine.JAVA)).isTrue();
        assertThatThrownBy(() -> model.newForecaster(InferenceEngine.DL4J))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("inference.engine=java");
    }

    @Test
    void shouldComputeTheSameWhenTrainingAsWhenInferring() {
        MultiLayerNetwork network = randomModel(gru(2, 32, true)).network();
        INDArray features = ParitySequences.features(randomSequence(network, 200, 6));

        INDArray unrolled = network.output(features, true);
        INDArray fused = network.output(features, false);

        assertThat(unrolled.sub(fused).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-5);
    }

    @ParameterizedTest(name = "layer-normalised {0}")
    @CsvSource({"false", "true"})
    void shouldBackpropagateTheGradientsThatFiniteDifferencesGive(boolean layerNorm) {
        boolean matches = GradientCheck.passes(list -> list
                .layer(new GruLayer.Builder().nIn(GradientCheck.INPUTS).nOut(4).layerNorm(layerNorm).build())
                .layer(new GruLayer.Builder().nIn(4).nOut(5).layerNorm(layerNorm).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).nIn(5).nOut(GradientCheck.OUTPUTS).build()), 6, network -> {
                    randomiseBiases(network, new SplittableRandom(8));
                    if (layerNorm) {
                        randomiseGains(network, new SplittableRandom(9));
                    }
                });

        assertThat(matches).isTrue();
    }

    @Test
    void shouldGiveTheSameNumbersAfterASerialiserRoundTrip() throws IOException {
        ForecastModel model = randomModel(gru(2, 32, true));
        MultiLayerNetwork network = model.network();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);

        assertThat(restored.getLayerWiseConfigurations()).isEqualTo(network.getLayerWiseConfigurations());
        float[][] sequence = randomSequence(network, 200, 5);
        INDArray features = ParitySequences.features(sequence);
        assertThat(floats(restored.output(features))).containsExactly(floats(network.output(features)));
        float[][] expected = stepAll(model, sequence);
        float[][] actual = stepAll(new ForecastModel(model.spec(), restored), sequence);
        for (int t = 0; t < sequence.length; t++) {
            assertThat(actual[t]).as("step %d", t).containsExactly(expected[t]);
        }
    }

    @Test
    void shouldFineTuneACopyAtTheNewRateLeavingTheBaseAlone() {
        ModelSpec spec = gru(2, 8, false);
        ForecastModel base = NetworkFactory.untrained(spec, 5, 0.01);
        Map<String, INDArray> before = copyOf(base.network().paramTable());
        TrainingWindows windows = new TrainingWindows(16, spec);
        double[] wave = new double[200];
        for (int t = 0; t < wave.length; t++) {
            wave[t] = Math.sin(t / 5.0);
        }
        windows.addSeries(wave, 0, 100, 8);

        ForecastModel tuned = ModelFitter.fineTune(base, windows, new ModelFitter.Plan(1, 4, 0.001, 3));

        for (int layer = 0; layer < 2; layer++) {
            assertThat(learningRate(tuned.network(), layer)).isEqualTo(0.001);
            assertThat(learningRate(base.network(), layer)).isEqualTo(0.01);
        }
        base.network().paramTable().forEach((key, value) ->
                assertThat(value.equalsWithEps(before.get(key), 0)).as("base %s untouched", key).isTrue());
        assertThat(tuned.network().params().equalsWithEps(base.network().params(), 0)).isFalse();
    }

    @Test
    void shouldKeepNd4jsGradientChatterOffStandardOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            // a fresh network: its first fit builds the gradient graph of its length
            MultiLayerNetwork network = NetworkFactory.untrained(gru(1, 4, false), 9, 0.01).network();
            network.fit(Trained.WINDOWS.get(0));
            System.out.println("still printed");
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString()).doesNotContain(GradientGraphOutput.CHATTER).contains("still printed");
    }

    /** One 2x16 model fitted for a few epochs on sine windows, shared by the tests that need a trained one. */
    private static final class Trained {

        static final List<DataSet> WINDOWS = sineWindows(7);
        static final ForecastModel MODEL = NetworkFactory.untrained(gru(2, 16, false), 5, 0.01);
        static final double SCORE_BEFORE = meanScore(MODEL.network(), WINDOWS);
        static final Map<String, INDArray> INITIAL = copyOf(MODEL.network().paramTable());

        static {
            fit(MODEL.network(), WINDOWS, 6);
        }
    }

    private static ModelSpec gru(int layers, int units, boolean seasonal) {
        return new ModelSpec(1, Architecture.GRU, layers, units, HORIZON, seasonal);
    }

    /**
     * The model's forecaster on the Java engine, key memory from {@link Architecture#zero}, against DL4J's output of
     * the whole sequence: the forecasts, and h of every layer against the layers' activations.
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
                INDArray layerOutput = activations.get(layer + 1);
                for (int j = 0; j < spec.units(); j++) {
                    worstState = Math.max(worstState,
                            Math.abs(memory.part(0)[layer * spec.units() + j] - layerOutput.getDouble(0, j, t)));
                }
            }
        }
        assertThat(worstOutput).as("largest output difference").isLessThanOrEqualTo(TOLERANCE);
        assertThat(worstState).as("largest h difference").isLessThanOrEqualTo(TOLERANCE);
    }

    /** Xavier weights as built, and random biases, so that every gate's bias block is exercised too. */
    private static ForecastModel randomModel(ModelSpec spec) {
        ForecastModel model = NetworkFactory.untrained(spec, 7, 0.01);
        randomiseBiases(model.network(), new SplittableRandom(spec.layers() * 100L + spec.units()));
        if (spec.layerNorm()) {
            randomiseGains(model.network(), new SplittableRandom(spec.units()));
        }
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

    /** Gains away from 1, so that the normalised gates' gradients are checked where they do not cancel. */
    private static void randomiseGains(MultiLayerNetwork network, SplittableRandom random) {
        for (int layer = 0; layer < network.getnLayers() - 1; layer++) {
            INDArray gain = network.getLayer(layer).getParam(GruLayer.GAIN);
            double[] values = new double[(int) gain.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(0.5, 1.5);
            }
            gain.assign(Nd4j.createFromArray(values).castTo(gain.dataType()).reshape(gain.shape()));
        }
    }

    /** Gaussian features, and a first feature that also wanders like a scaled sensor value. */
    private static float[][] randomSequence(ForecastModel model, int steps, long seed) {
        return randomSequence(model.network(), steps, seed);
    }

    private static float[][] randomSequence(MultiLayerNetwork network, int steps, long seed) {
        int inputs = (int) network.getLayer(0).getParam(GruLayer.INPUT_WEIGHTS).size(0);
        SplittableRandom random = new SplittableRandom(seed);
        float[][] sequence = new float[steps][inputs];
        for (int t = 0; t < steps; t++) {
            for (int f = 0; f < inputs; f++) {
                sequence[t][f] = (float) (f == 0 ? Math.sin(t / 7.0) + 0.3 * random.nextGaussian()
                        : random.nextGaussian());
            }
        }
        return sequence;
    }

    private static float[][] stepAll(ForecastModel model, float[][] sequence) {
        Forecaster forecaster = model.newForecaster(InferenceEngine.JAVA);
        NetworkMemory memory = model.spec().architecture().zero(model.spec());
        float[][] forecasts = new float[sequence.length][];
        for (int t = 0; t < sequence.length; t++) {
            forecasts[t] = forecaster.step(sequence[t], memory);
        }
        return forecasts;
    }

    /**
     * Windows of 64 steps of sines of random phase and period, in batches of 16, laid out as ModelFitter lays
     * its windows: the value in, the next {@link #HORIZON} values out, at every step.
     */
    private static List<DataSet> sineWindows(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int length = 64;
        int batch = 16;
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            float[] features = new float[batch * length];
            float[] labels = new float[batch * HORIZON * length];
            for (int w = 0; w < batch; w++) {
                double phase = random.nextDouble(0, 2 * Math.PI);
                double period = random.nextDouble(12, 40);
                for (int t = 0; t < length; t++) {
                    features[w * length + t] = (float) Math.sin(phase + 2 * Math.PI * t / period);
                    for (int h = 0; h < HORIZON; h++) {
                        labels[(w * HORIZON + h) * length + t] =
                                (float) Math.sin(phase + 2 * Math.PI * (t + 1 + h) / period);
                    }
                }
            }
            batches.add(new DataSet(Nd4j.create(features, new long[] {batch, 1, length}, 'c'),
                    Nd4j.create(labels, new long[] {batch, HORIZON, length}, 'c')));
        }
        return batches;
    }

    private static void fit(MultiLayerNetwork network, List<DataSet> batches, int epochs) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            batches.forEach(network::fit);
        }
    }

    private static double meanScore(MultiLayerNetwork network, List<DataSet> batches) {
        return batches.stream().mapToDouble(network::score).average().orElseThrow();
    }

    private static Map<String, INDArray> copyOf(Map<String, INDArray> params) {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        params.forEach((key, value) -> copy.put(key, value.dup()));
        return copy;
    }

    private static double learningRate(MultiLayerNetwork network, int layer) {
        return ((Adam) ((GruLayer) network.getLayer(layer).conf().getLayer()).getUpdater()).getLearningRate();
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
