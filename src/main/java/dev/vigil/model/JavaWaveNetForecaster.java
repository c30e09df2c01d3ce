package dev.vigil.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * The WaveNet's plain-Java forecaster ({@link WaveNetNetwork}): for each key of a batch in turn, {@link WaveNetLayer}'s
 * stack at the newest step only, then the linear head. Each dilated layer l reads its input from d = 2<sup>l</sup>
 * steps back out of the key's ring for that layer and writes this step's in its place, so a step is one evaluation
 * per layer, however far back the receptive field reaches: no native call, no allocation, no rerun over a window.
 * Parity with DL4J's output is tested ({@code WaveNetParityTest}, to 1e-4).
 *
 * <p>A key's memory ({@link WaveNetNetwork#memoryParts}): per layer l a ring of d · C floats, slot
 * (step mod d) holding that layer's input at the step d back; then the step count modulo the largest dilation, one
 * float. Zeros for a new key: DL4J's causal padding, so a key stepped from zero memory sees what training saw.
 *
 * <p>Owns its copy of the weights and its scratch: one per thread.
 */
final class JavaWaveNetForecaster extends KeyByKeyForecaster {

    private final int inputs;
    private final int channels;
    private final int layers;
    private final int horizon;
    private final float[][] inputWeights;
    private final float[] inputBias;
    private final float[][][] dilatedWeights;
    private final float[][] dilatedBiases;
    private final float[][][] outputWeights;
    private final float[][] outputBiases;
    private final float[][] headWeights;
    private final float[] headBias;
    private final float[][] linearWeights;
    private final float[] linearBias;

    // scratch, reused across steps
    private final float[] x;
    private final float[] gates;
    private final float[] z;
    private final float[] out;
    private final float[] skip;
    private final float[] head;

    JavaWaveNetForecaster(ModelSpec spec, MultiLayerNetwork network) {
        super(spec);
        if (network.getnLayers() != 2 || !(network.getLayer(0).conf().getLayer() instanceof WaveNetLayer stack)) {
            throw new IllegalArgumentException("a WaveNet network is a WaveNetLayer and a head, got "
                    + network.getnLayers() + " layer(s)");
        }
        org.deeplearning4j.nn.api.Layer wavenet = network.getLayer(0);
        org.deeplearning4j.nn.api.Layer linear = network.getLayer(1);
        if (!(linear.conf().getLayer() instanceof RnnOutputLayer output)
                || !(output.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException("the last layer must be an RnnOutputLayer with identity activation");
        }
        inputs = (int) stack.getNIn();
        channels = (int) stack.getNOut();
        layers = stack.getDilatedLayers();
        inputWeights = JavaGruStep.rows(wavenet.getParam(WaveNetLayer.INPUT_WEIGHTS));
        inputBias = ParameterValues.rowMajor(wavenet.getParam(WaveNetLayer.INPUT_BIAS));
        dilatedWeights = new float[layers][][];
        dilatedBiases = new float[layers][];
        outputWeights = new float[layers][][];
        outputBiases = new float[layers][];
        for (int layer = 0; layer < layers; layer++) {
            dilatedWeights[layer] = JavaGruStep.rows(wavenet.getParam(WaveNetLayer.dilatedWeights(layer)));
            dilatedBiases[layer] = ParameterValues.rowMajor(wavenet.getParam(WaveNetLayer.dilatedBias(layer)));
            outputWeights[layer] = JavaGruStep.rows(wavenet.getParam(WaveNetLayer.outputWeights(layer)));
            outputBiases[layer] = ParameterValues.rowMajor(wavenet.getParam(WaveNetLayer.outputBias(layer)));
        }
        headWeights = JavaGruStep.rows(wavenet.getParam(WaveNetLayer.HEAD_WEIGHTS));
        headBias = ParameterValues.rowMajor(wavenet.getParam(WaveNetLayer.HEAD_BIAS));
        linearWeights = JavaGruStep.rows(linear.getParam("W"));
        linearBias = ParameterValues.rowMajor(linear.getParam("b"));
        horizon = linearBias.length;
        if (inputs != spec.inputs() || channels != spec.units() || layers != spec.layers()
                || horizon != spec.horizon()) {
            throw new IllegalArgumentException("network does not match " + spec);
        }
        x = new float[channels];
        gates = new float[2 * channels];
        z = new float[channels];
        out = new float[2 * channels];
        skip = new float[channels];
        head = new float[channels];
    }

    @Override
    void stepKey(float[] input, NetworkMemory memory, float[] forecast) {
        float[] position = memory.part(layers);
        int step = (int) position[0];
        System.arraycopy(inputBias, 0, x, 0, channels);
        for (int i = 0; i < inputs; i++) {
            axpy(input[i], inputWeights[i], x);
        }
        Arrays.fill(skip, 0f);
        for (int layer = 0; layer < layers; layer++) {
            float[] ring = memory.part(layer);
            int slot = (step % WaveNetLayer.dilation(layer)) * channels;
            float[][] w = dilatedWeights[layer];
            System.arraycopy(dilatedBiases[layer], 0, gates, 0, gates.length);
            for (int c = 0; c < channels; c++) {
                axpy(ring[slot + c], w[c], gates);                 // the tap d steps back
                axpy(x[c], w[channels + c], gates);                 // the newest
            }
            System.arraycopy(x, 0, ring, slot, channels);          // read d steps from now
            for (int c = 0; c < channels; c++) {
                z[c] = JavaGruStep.tanh(gates[c]) * JavaGruStep.sigmoid(gates[channels + c]);
            }
            int outputs = outputBiases[layer].length;
            System.arraycopy(outputBiases[layer], 0, out, 0, outputs);
            float[][] o = outputWeights[layer];
            for (int c = 0; c < channels; c++) {
                axpy(z[c], o[c], out);
            }
            for (int c = 0; c < channels; c++) {
                skip[c] += out[c];
            }
            if (outputs > channels) {
                for (int c = 0; c < channels; c++) {
                    x[c] += out[channels + c];
                }
            }
        }
        System.arraycopy(headBias, 0, head, 0, channels);
        for (int c = 0; c < channels; c++) {
            axpy(Math.max(0f, skip[c]), headWeights[c], head);
        }
        System.arraycopy(linearBias, 0, forecast, 0, horizon);
        for (int c = 0; c < channels; c++) {
            axpy(Math.max(0f, head[c]), linearWeights[c], forecast);
        }
        position[0] = (step + 1) % WaveNetLayer.dilation(layers - 1);
    }

    /** y[0 … x.length) += a · x: the last layer's rows are C long, one output of C skip channels alone. */
    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < x.length; j++) {
            y[j] += a * x[j];
        }
    }
}
