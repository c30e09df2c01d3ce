package dev.vigil.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a {@link GruNetwork} for one key, in plain Java on the network's own weights: the key's h goes in,
 * the new h and the head's H outputs come out, with no native call and no allocation per step.
 *
 * <p>Per layer, with the gate blocks of {@link GruLayer} ([r | u | c]):
 * <pre>
 *   x·W + b  and  h·RW   (3 blocks each)
 *   r = sigmoid(xr + hr),  u = sigmoid(xu + hu),  c = tanh(xc + r ⊙ hc)
 *   h' = u ⊙ h + (1 − u) ⊙ c
 * </pre>
 * (a layer-normalised layer normalises each gate's summed input over the units before its gain and bias, as
 * {@link GruLayer} says), then the head: y = h_top·W_head + b_head. Weights are kept one row per input
 * ({@code float[][]}), so the products are axpy loops over contiguous rows, as in {@link JavaLstmForecaster}.
 *
 * <p>A key's state is h of every layer, layer after layer ({@link #stateSize()} floats, zero for a new key).
 * Owns scratch arrays: one instance per thread.
 */
final class JavaGruStep {

    private final int layers;
    private final int units;
    private final int inputs;
    private final int horizon;
    private final float[][][] inputWeights;
    private final float[][][] recurrentWeights;
    private final float[][] biases;
    /** Per layer, the gate gains of a layer-normalised layer, or null. */
    private final float[][] gains;
    private final float[][] headWeights;
    private final float[] headBias;

    // scratch, reused across steps
    private final float[] fromInput;
    private final float[] fromHidden;
    private final float[] layerInput;
    private final float[] gate;

    /** Copies the weights of {@code network}: {@link GruLayer}s and then a linear {@link RnnOutputLayer}. */
    JavaGruStep(MultiLayerNetwork network) {
        this(network, 0);
    }

    /**
     * Copies the weights of {@code network}'s layers from {@code first} on: {@link GruLayer}s and then a linear
     * {@link RnnOutputLayer}. The layers before {@code first} are another step's (a convolution's in front).
     */
    JavaGruStep(MultiLayerNetwork network, int first) {
        layers = network.getnLayers() - 1 - first;
        if (layers < 1) {
            throw new IllegalArgumentException("a GRU network has GRU layers and a head, got " + network.getnLayers()
                    + " layer(s) with the GRU from layer " + first);
        }
        for (int layer = 0; layer < layers; layer++) {
            Layer conf = network.getLayer(first + layer).conf().getLayer();
            if (!(conf instanceof GruLayer)) {
                throw new IllegalArgumentException("layer " + (first + layer) + " is "
                        + conf.getClass().getSimpleName() + ", not a GruLayer");
            }
        }
        Layer headConf = network.getLayer(first + layers).conf().getLayer();
        if (!(headConf instanceof RnnOutputLayer output) || !(output.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("the last layer must be an RnnOutputLayer with identity activation");
        }
        inputWeights = new float[layers][][];
        recurrentWeights = new float[layers][][];
        biases = new float[layers][];
        gains = new float[layers][];
        for (int layer = 0; layer < layers; layer++) {
            org.deeplearning4j.nn.api.Layer gru = network.getLayer(first + layer);
            inputWeights[layer] = rows(gru.getParam(GruLayer.INPUT_WEIGHTS));
            recurrentWeights[layer] = rows(gru.getParam(GruLayer.RECURRENT_WEIGHTS));
            biases[layer] = ParameterValues.rowMajor(gru.getParam(GruLayer.BIAS));
            if (((GruLayer) gru.conf().getLayer()).isLayerNorm()) {
                gains[layer] = ParameterValues.rowMajor(gru.getParam(GruLayer.GAIN));
            }
        }
        units = recurrentWeights[0].length;
        inputs = inputWeights[0].length;
        org.deeplearning4j.nn.api.Layer head = network.getLayer(first + layers);
        headWeights = rows(head.getParam("W"));
        headBias = ParameterValues.rowMajor(head.getParam("b"));
        horizon = headBias.length;
        fromInput = new float[3 * units];
        fromHidden = new float[3 * units];
        layerInput = new float[Math.max(units, inputs)];
        gate = new float[units];
    }

    int layers() {
        return layers;
    }

    int units() {
        return units;
    }

    /** Features read at each step. */
    int inputs() {
        return inputs;
    }

    int horizon() {
        return horizon;
    }

    /** Floats of one key's state: h of every layer. */
    int stateSize() {
        return layers * units;
    }

    /**
     * Feeds one key its next input.
     *
     * @param input    the key's features this step ({@link #inputs()} of them)
     * @param hidden   the key's h, layer after layer ({@link #stateSize()}); overwritten with the new h
     * @param forecast receives the head's {@link #horizon()} outputs
     */
    void step(float[] input, float[] hidden, float[] forecast) {
        if (input.length != inputs || hidden.length != layers * units || forecast.length != horizon) {
            throw new IllegalArgumentException("expected " + inputs + " inputs, " + layers * units + " state and "
                    + horizon + " outputs; got " + input.length + ", " + hidden.length + " and " + forecast.length);
        }
        System.arraycopy(input, 0, layerInput, 0, inputs);
        int inputSize = inputs;
        for (int layer = 0; layer < layers; layer++) {
            int offset = layer * units;
            float[] gain = gains[layer];
            if (gain == null) {
                System.arraycopy(biases[layer], 0, fromInput, 0, fromInput.length);
            } else {
                Arrays.fill(fromInput, 0f);                  // the bias comes after the normalisation
            }
            float[][] w = inputWeights[layer];
            for (int i = 0; i < inputSize; i++) {
                axpy(layerInput[i], w[i], fromInput);
            }
            Arrays.fill(fromHidden, 0f);
            float[][] rw = recurrentWeights[layer];
            for (int k = 0; k < units; k++) {
                axpy(hidden[offset + k], rw[k], fromHidden);
            }
            if (gain == null) {
                for (int j = 0; j < units; j++) {
                    float reset = sigmoid(fromInput[j] + fromHidden[j]);
                    float update = sigmoid(fromInput[units + j] + fromHidden[units + j]);
                    float candidate = tanh(fromInput[2 * units + j] + reset * fromHidden[2 * units + j]);
                    hidden[offset + j] = update * hidden[offset + j] + (1f - update) * candidate;
                }
            } else {
                normalisedStep(gain, biases[layer], hidden, offset);
            }
            System.arraycopy(hidden, offset, layerInput, 0, units);
            inputSize = units;
        }
        System.arraycopy(headBias, 0, forecast, 0, horizon);
        for (int k = 0; k < units; k++) {
            axpy(layerInput[k], headWeights[k], forecast);
        }
    }

    /**
     * The gates of a layer-normalised layer, from its summed inputs in {@code fromInput} (no bias) and
     * {@code fromHidden}: each gate's input normalised over the units, then its gain and bias. The reset gate is
     * kept in {@code fromHidden}'s first block (no longer needed), the update gate in its second.
     */
    private void normalisedStep(float[] gain, float[] bias, float[] hidden, int offset) {
        for (int g = 0; g < 2; g++) {
            int block = g * units;
            for (int j = 0; j < units; j++) {
                gate[j] = fromInput[block + j] + fromHidden[block + j];
            }
            normalise(gate, gain, bias, block);
            for (int j = 0; j < units; j++) {
                fromHidden[block + j] = sigmoid(gate[j]);
            }
        }
        int candidates = 2 * units;
        for (int j = 0; j < units; j++) {
            gate[j] = fromInput[candidates + j] + fromHidden[j] * fromHidden[candidates + j];
        }
        normalise(gate, gain, bias, candidates);
        for (int j = 0; j < units; j++) {
            float update = fromHidden[units + j];
            hidden[offset + j] = update * hidden[offset + j] + (1f - update) * tanh(gate[j]);
        }
    }

    /** {@code v} normalised over its units, then scaled by {@code gain} and shifted by {@code bias} from {@code block}. */
    private static void normalise(float[] v, float[] gain, float[] bias, int block) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double variance = 0;
        for (float x : v) {
            variance += (x - mean) * (x - mean);
        }
        variance /= v.length;
        double scale = 1.0 / Math.sqrt(variance + GruLayer.EPSILON);
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) ((v[j] - mean) * scale * gain[block + j] + bias[block + j]);
        }
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** tanh through the intrinsic {@code exp} (several times faster than {@code Math.tanh}); exact to float. */
    static float tanh(float x) {
        if (x > 20f) {
            return 1f;
        }
        if (x < -20f) {
            return -1f;
        }
        double e = Math.exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }

    static float[][] rows(INDArray matrix) {
        int rows = (int) matrix.size(0);
        int columns = (int) matrix.size(1);
        float[] flat = ParameterValues.rowMajor(matrix);
        float[][] result = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, result[r], 0, columns);
        }
        return result;
    }
}
