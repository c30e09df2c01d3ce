package dev.vigil.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The same LSTM step as DL4J's, in plain Java on the model's own weights: no native call, no array allocation
 * per step, so one key-step costs microseconds instead of the ~0.5 ms of a DL4J call. Parity with DL4J is
 * tested (to 1e-5).
 *
 * <p>DL4J's LSTM: input weights W [nIn, 4H], recurrent weights RW [H, 4H], bias b [4H], gate blocks in the
 * order [a | f | o | g] where a = tanh(·) is the candidate and f, o, g are sigmoid gates; c' = f·c + g·a and
 * h' = o·tanh(c'). Weights are kept as one row per input ({@code float[][]}), so the inner loops run over
 * contiguous memory and the JIT can vectorise them.
 */
final class JavaLstmForecaster implements Forecaster {

    private final ModelSpec spec;
    private final float[][][] inputWeights;
    private final float[][][] recurrentWeights;
    private final float[][] biases;
    private final float[][] headWeights;
    private final float[] headBias;

    // scratch, reused across steps: this forecaster belongs to one thread
    private final float[] gates;
    private final float[] layerInput;
    private final float[] output;

    JavaLstmForecaster(ModelSpec spec, MultiLayerNetwork network) {
        this.spec = spec;
        int layers = spec.layers();
        inputWeights = new float[layers][][];
        recurrentWeights = new float[layers][][];
        biases = new float[layers][];
        for (int layer = 0; layer < layers; layer++) {
            Layer lstm = network.getLayer(layer);
            inputWeights[layer] = rows(lstm.getParam("W"));
            recurrentWeights[layer] = rows(lstm.getParam("RW"));
            biases[layer] = lstm.getParam("b").dup('c').data().asFloat();
        }
        Layer head = network.getLayer(layers);
        headWeights = rows(head.getParam("W"));
        headBias = head.getParam("b").dup('c').data().asFloat();
        gates = new float[4 * spec.units()];
        layerInput = new float[Math.max(spec.units(), spec.inputs())];
        output = new float[spec.horizon()];
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        if (states.length != inputs.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + states.length + " states");
        }
        float[][] forecasts = new float[inputs.length][];
        for (int b = 0; b < inputs.length; b++) {
            if (inputs[b].length != spec.inputs()) {
                throw new IllegalArgumentException("the model reads " + spec.inputs() + " inputs a step, got "
                        + inputs[b].length);
            }
            forecasts[b] = stepOne(inputs[b], states[b]);
        }
        return forecasts;
    }

    private float[] stepOne(float[] input, NetworkMemory state) {
        int units = spec.units();
        float[] hidden = state.part(LstmNetwork.HIDDEN);
        float[] cell = state.part(LstmNetwork.CELL);
        System.arraycopy(input, 0, layerInput, 0, input.length);
        int inputSize = input.length;
        for (int layer = 0; layer < spec.layers(); layer++) {
            int offset = layer * units;
            System.arraycopy(biases[layer], 0, gates, 0, gates.length);
            float[][] w = inputWeights[layer];
            for (int i = 0; i < inputSize; i++) {
                axpy(layerInput[i], w[i], gates);
            }
            float[][] rw = recurrentWeights[layer];
            for (int k = 0; k < units; k++) {
                axpy(hidden[offset + k], rw[k], gates);
            }
            for (int j = 0; j < units; j++) {
                float candidate = tanh(gates[j]);
                float forget = sigmoid(gates[units + j]);
                float out = sigmoid(gates[2 * units + j]);
                float in = sigmoid(gates[3 * units + j]);
                float c = forget * cell[offset + j] + in * candidate;
                cell[offset + j] = c;
                hidden[offset + j] = out * tanh(c);
            }
            System.arraycopy(hidden, offset, layerInput, 0, units);
            inputSize = units;
        }
        System.arraycopy(headBias, 0, output, 0, output.length);
        for (int k = 0; k < units; k++) {
            axpy(layerInput[k], headWeights[k], output);
        }
        return output.clone();
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** tanh through the intrinsic {@code exp} (several times faster than {@code Math.tanh}); exact to float. */
    private static float tanh(float x) {
        if (x > 20f) {
            return 1f;
        }
        if (x < -20f) {
            return -1f;
        }
        double e = Math.exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }

    private static float[][] rows(INDArray matrix) {
        INDArray dense = matrix.dup('c');
        int rows = (int) dense.size(0);
        int columns = (int) dense.size(1);
        float[] flat = dense.data().asFloat();
        float[][] result = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, result[r], 0, columns);
        }
        return result;
    }
}
