package dev.vigil.model;

import java.util.Arrays;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * WaveNet's stack as one layer of a {@code MultiLayerNetwork} (van den Oord et al., 2016): a 1×1 projection of the
 * inputs to C residual channels, then {@link #getDilatedLayers()} gated layers of dilation 1, 2, 4, … (layer l:
 * 2<sup>l</sup>), each a causal convolution of kernel 2, then the ReLU / 1×1 / ReLU of WaveNet's output stack over the
 * sum of the layers' skip outputs. The network's linear head (DL4J's {@code RnnOutputLayer}) is the last 1×1, to the
 * H forecast steps. Per time step t, with x<sub>0</sub> = Win·in[t] + bin:
 * <pre>
 *   a       = [x_l[t − d] | x_l[t]] · Wdil_l + bdil_l          [filter | gate], 2C; x_l[t − d] = 0 before the start
 *   z       = tanh(a_filter) ⊙ sigmoid(a_gate)
 *   [s | r] = z · Wout_l + bout_l                              skip, and (but the last layer) residual
 *   x_l+1   = x_l + r,   skip sum += s
 *   out     = relu(relu(skip sum) · Whead + bhead)             C channels, for the linear head
 * </pre>
 * The receptive field is 2<sup>layers</sup> steps. The last layer has no residual output: nothing would read it.
 *
 * <p>One layer rather than a layer per block: a {@code MultiLayerNetwork} is a chain, and the skip sum would have to
 * ride along every block's output; DL4J's {@code ComputationGraph} has the vertices for it, but every artifact, the
 * trainer and the forecasters are built on {@code MultiLayerNetwork} (docs/decisions/0018-wavenet.md). The graph is
 * plain SameDiff ops (matmul, concat, slices, tanh, sigmoid, ReLU, add), the same for training and inference, whose
 * gradients DL4J's numerical check passes ({@code WaveNetParityTest}). {@link JavaWaveNetForecaster} computes the same
 * step in plain Java.
 *
 * <p>Parameters, for l = 0 … layers − 1: {@value #INPUT_WEIGHTS} [nIn, C], {@value #INPUT_BIAS} [C],
 * {@code Wdil}l [2C, 2C] (rows: the tap d steps back, then the newest; columns: filter, then gate),
 * {@code bdil}l [2C], {@code Wout}l [C, 2C] ([C, C] for the last), {@code bout}l, {@value #HEAD_WEIGHTS}
 * [C, C] and {@value #HEAD_BIAS} [C]. No underscore in a name: DL4J splits a gradient's key at the first one
 * to find its layer.
 */
public final class WaveNetLayer extends SequenceSameDiffLayer {

    public static final String INPUT_WEIGHTS = "Win";
    public static final String INPUT_BIAS = "bin";
    public static final String HEAD_WEIGHTS = "Whead";
    public static final String HEAD_BIAS = "bhead";

    /**
     * The most dilated layers: a receptive field of 4,096 steps, and a key's memory of 4,095 · C floats
     * ({@link WaveNetNetwork}); more would be memory no sensor state should carry.
     */
    public static final int MAX_LAYERS = 12;

    private int dilatedLayers;

    /** For Jackson, which rebuilds the layer from the network's JSON configuration. */
    public WaveNetLayer() {
    }

    private WaveNetLayer(Builder builder) {
        super(builder, builder.nIn, builder.nOut);
        this.dilatedLayers = builder.dilatedLayers;
    }

    public int getDilatedLayers() {
        return dilatedLayers;
    }

    public void setDilatedLayers(int dilatedLayers) {
        this.dilatedLayers = dilatedLayers;
    }

    static int dilation(int layer) {
        return 1 << layer;
    }

    static String dilatedWeights(int layer) {
        return "Wdil" + layer;
    }

    static String dilatedBias(int layer) {
        return "bdil" + layer;
    }

    static String outputWeights(int layer) {
        return "Wout" + layer;
    }

    static String outputBias(int layer) {
        return "bout" + layer;
    }

    /** Outputs of layer l's last 1×1: the skip channels, and the residual ones unless it is the last layer. */
    long outputs(int layer) {
        return layer == dilatedLayers - 1 ? nOut : 2 * nOut;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && dilatedLayers == ((WaveNetLayer) other).dilatedLayers;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + dilatedLayers;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(INPUT_WEIGHTS, nIn, nOut);
        params.addBiasParam(INPUT_BIAS, nOut);
        for (int layer = 0; layer < dilatedLayers; layer++) {
            params.addWeightParam(dilatedWeights(layer), 2 * nOut, 2 * nOut);
            params.addBiasParam(dilatedBias(layer), 2 * nOut);
            params.addWeightParam(outputWeights(layer), nOut, outputs(layer));
            params.addBiasParam(outputBias(layer), outputs(layer));
        }
        params.addWeightParam(HEAD_WEIGHTS, nOut, nOut);
        params.addBiasParam(HEAD_BIAS, nOut);
    }

    /** Every weight matrix Xavier (by default) on its own rows and columns; biases zero, so every gate starts half open. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        params.forEach((key, array) -> {
            if (key.startsWith("W")) {
                initWeights((int) array.size(0), (int) array.size(1), init, array);
            } else {
                array.assign(0);
            }
        });
    }

    /** The same graph for training and inference: no op in it has a wrong gradient to avoid. */
    @Override
    SDVariable defineGraph(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                           SDVariable mask, boolean training) {
        long[] shape = layerInput.getShape();
        if (shape == null || shape.length != 3 || shape[2] < 1) {
            throw new IllegalStateException("a WaveNet layer is built for a known length, got input shape "
                    + Arrays.toString(shape));
        }
        long length = shape[2];
        long channels = nOut;
        // every step's features as rows: [batch, time, nIn] -> [batch·time, nIn]
        SDVariable steps = sameDiff.reshape(sameDiff.permute(layerInput, 0, 2, 1), -1, nIn);
        SDVariable x = sameDiff.reshape(steps.mmul(paramTable.get(INPUT_WEIGHTS)).add(paramTable.get(INPUT_BIAS)),
                -1, length, channels);                                                  // [batch, time, C]
        SDVariable skip = null;
        for (int layer = 0; layer < dilatedLayers; layer++) {
            SDVariable taps = sameDiff.reshape(sameDiff.concat(2, delayed(sameDiff, x, dilation(layer), length), x),
                    -1, 2 * channels);                                                  // [batch·time, 2C]
            SDVariable a = taps.mmul(paramTable.get(dilatedWeights(layer))).add(paramTable.get(dilatedBias(layer)));
            SDVariable z = sameDiff.math().tanh(a.get(SDIndex.all(), SDIndex.interval(0L, channels)))
                    .mul(sameDiff.nn().sigmoid(a.get(SDIndex.all(), SDIndex.interval(channels, 2 * channels))));
            SDVariable out = z.mmul(paramTable.get(outputWeights(layer))).add(paramTable.get(outputBias(layer)));
            SDVariable layerSkip = layer == dilatedLayers - 1 ? out
                    : out.get(SDIndex.all(), SDIndex.interval(0L, channels));
            skip = skip == null ? layerSkip : skip.add(layerSkip);
            if (layer < dilatedLayers - 1) {
                SDVariable residual = out.get(SDIndex.all(), SDIndex.interval(channels, 2 * channels));
                x = x.add(sameDiff.reshape(residual, -1, length, channels));
            }
        }
        SDVariable head = sameDiff.nn().relu(sameDiff.nn().relu(skip, 0)
                .mmul(paramTable.get(HEAD_WEIGHTS)).add(paramTable.get(HEAD_BIAS)), 0);  // [batch·time, C]
        return sameDiff.permute(sameDiff.reshape(head, -1, length, channels), 0, 2, 1); // [batch, C, time]
    }

    /** x[t − d] at every t: x shifted d steps later along time, zeros before the start (the causal padding). */
    private static SDVariable delayed(SameDiff sameDiff, SDVariable x, long d, long length) {
        if (d >= length) {
            return sameDiff.zerosLike(x);
        }
        SDVariable padding = sameDiff.zerosLike(x.get(SDIndex.all(), SDIndex.interval(0L, d), SDIndex.all()));
        return sameDiff.concat(1, padding, x.get(SDIndex.all(), SDIndex.interval(0L, length - d), SDIndex.all()));
    }

    /** Builds a {@link WaveNetLayer}: {@code nIn} inputs a step, {@code nOut} channels, {@code dilatedLayers}. */
    @SuppressWarnings("unchecked") // DL4J's Layer.Builder declares a generic build()
    public static final class Builder extends SameDiffLayer.Builder<Builder> {

        private long nIn;
        private long nOut;
        private int dilatedLayers;

        public Builder nIn(long inputs) {
            this.nIn = inputs;
            return this;
        }

        public Builder nOut(long channels) {
            this.nOut = channels;
            return this;
        }

        public Builder dilatedLayers(int layers) {
            this.dilatedLayers = layers;
            return this;
        }

        @Override
        public WaveNetLayer build() {
            if (nOut < 1) {
                throw new IllegalArgumentException("a WaveNet layer needs at least one channel, got " + nOut);
            }
            if (dilatedLayers < 1 || dilatedLayers > MAX_LAYERS) {
                throw new IllegalArgumentException("a WaveNet layer has 1 to " + MAX_LAYERS + " dilated layers, got "
                        + dilatedLayers);
            }
            return new WaveNetLayer(this);
        }
    }
}
