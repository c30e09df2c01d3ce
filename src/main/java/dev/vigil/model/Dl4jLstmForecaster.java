package dev.vigil.model;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Steps a DL4J network for a batch of keys: the keys' h/c are stacked into the batch with
 * {@code rnnSetPreviousState}, one {@code rnnTimeStep} runs, and the new states are read back with
 * {@code rnnGetPreviousState}. Works on any ND4J backend (CPU or CUDA).
 *
 * <p>Owns its network copy; not thread-safe.
 */
final class Dl4jLstmForecaster implements Forecaster {

    private static final String PREV_ACTIVATION = LSTM.STATE_KEY_PREV_ACTIVATION;
    private static final String PREV_MEMORY = LSTM.STATE_KEY_PREV_MEMCELL;

    private final ModelSpec spec;
    private final MultiLayerNetwork network;

    Dl4jLstmForecaster(ModelSpec spec, MultiLayerNetwork network) {
        this.spec = spec;
        this.network = network;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        int batch = inputs.length;
        if (states.length != batch) {
            throw new IllegalArgumentException(batch + " inputs but " + states.length + " states");
        }
        if (batch == 0) {
            return new float[0][];
        }
        int units = spec.units();
        // rnnTimeStep refuses a stored state whose batch size differs from the input's: set every layer's
        // state for every call.
        for (int layer = 0; layer < spec.layers(); layer++) {
            float[] h = new float[batch * units];
            float[] c = new float[batch * units];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(states[b].part(LstmNetwork.HIDDEN), layer * units, h, b * units, units);
                System.arraycopy(states[b].part(LstmNetwork.CELL), layer * units, c, b * units, units);
            }
            Map<String, INDArray> layerState = new HashMap<>();
            layerState.put(PREV_ACTIVATION, Nd4j.create(h, new long[] {batch, units}, 'c'));
            layerState.put(PREV_MEMORY, Nd4j.create(c, new long[] {batch, units}, 'c'));
            network.rnnSetPreviousState(layer, layerState);
        }

        int width = spec.inputs();
        float[] features = new float[batch * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(inputs[b], 0, features, b * width, width);
        }
        INDArray input = Nd4j.create(features, new long[] {batch, width}, 'c');
        float[] output = network.rnnTimeStep(input).castTo(DataType.FLOAT).dup('c').data().asFloat();

        for (int layer = 0; layer < spec.layers(); layer++) {
            Map<String, INDArray> layerState = network.rnnGetPreviousState(layer);
            // the state comes back as column-major views: dup('c') before reading the buffer
            float[] h = layerState.get(PREV_ACTIVATION).dup('c').data().asFloat();
            float[] c = layerState.get(PREV_MEMORY).dup('c').data().asFloat();
            for (int b = 0; b < batch; b++) {
                System.arraycopy(h, b * units, states[b].part(LstmNetwork.HIDDEN), layer * units, units);
                System.arraycopy(c, b * units, states[b].part(LstmNetwork.CELL), layer * units, units);
            }
        }
        network.rnnClearPreviousState();

        int horizon = spec.horizon();
        float[][] forecasts = new float[batch][horizon];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(output, b * horizon, forecasts[b], 0, horizon);
        }
        return forecasts;
    }
}
