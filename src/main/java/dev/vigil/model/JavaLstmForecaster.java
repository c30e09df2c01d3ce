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
 * h' = o·tanh(c'). The arithmetic, and the layout of the weight matrices it reads, are {@link LstmKernels}': the
 * Vector API's when the JVM has it, plain loops otherwise.
 */
final class JavaLstmForecaster extends KeyByKeyForecaster {

    private final LstmKernels kernels;
    private final float[][][] inputWeights;
    private final float[][][] recurrentWeights;
    private final float[][] biases;
    private final float[][] headWeights;
    private final float[] headBias;

    // scratch, reused across steps: this forecaster belongs to one thread
    private final float[] gates;
    private final float[] layerInput;

    JavaLstmForecaster(ModelSpec spec, MultiLayerNetwork network) {
        this(spec, network, LstmKernels.best());
    }

    JavaLstmForecaster(ModelSpec spec, MultiLayerNetwork network, LstmKernels kernels) {
        super(spec);
        this.kernels = kernels;
        int layers = spec.layers();
        inputWeights = new float[layers][][];
        recurrentWeights = new float[layers][][];
        biases = new float[layers][];
        for (int layer = 0; layer < layers; layer++) {
            Layer lstm = network.getLayer(layer);
            inputWeights[layer] = packed(lstm.getParam("W"));
            recurrentWeights[layer] = packed(lstm.getParam("RW"));
            biases[layer] = ParameterValues.rowMajor(lstm.getParam("b"));
        }
        Layer head = network.getLayer(layers);
        headWeights = packed(head.getParam("W"));
        headBias = ParameterValues.rowMajor(head.getParam("b"));
        gates = new float[4 * spec.units()];
        layerInput = new float[Math.max(spec.units(), spec.inputs())];
    }

    @Override
    void stepKey(float[] input, NetworkMemory state, float[] forecast) {
        ModelSpec spec = spec();
        int units = spec.units();
        float[] hidden = state.part(LstmNetwork.HIDDEN);
        float[] cell = state.part(LstmNetwork.CELL);
        System.arraycopy(input, 0, layerInput, 0, input.length);
        int inputSize = input.length;
        for (int layer = 0; layer < spec.layers(); layer++) {
            int offset = layer * units;
            System.arraycopy(biases[layer], 0, gates, 0, gates.length);
            kernels.multiplyAdd(inputWeights[layer], inputSize, layerInput, 0, gates);
            kernels.multiplyAdd(recurrentWeights[layer], units, hidden, offset, gates);
            kernels.cellUpdate(gates, cell, hidden, offset, units);
            System.arraycopy(hidden, offset, layerInput, 0, units);
            inputSize = units;
        }
        System.arraycopy(headBias, 0, forecast, 0, forecast.length);
        kernels.multiplyAdd(headWeights, units, layerInput, 0, forecast);
    }

    /** A weight matrix in the kernels' layout. */
    private float[][] packed(INDArray matrix) {
        return kernels.pack(ParameterValues.rowMajor(matrix), (int) matrix.size(0), (int) matrix.size(1));
    }
}
