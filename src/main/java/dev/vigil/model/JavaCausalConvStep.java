package dev.vigil.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a causal 1D convolution ({@code Convolution1DLayer}, {@link ConvolutionMode#Causal}, stride 1, no
 * dilation) for one key: the output at the newest step alone, from the key's ring of the previous K − 1 inputs, which
 * it then shifts. No native call and no allocation per step.
 *
 * <pre>
 *   y[o] = act(b[o] + Σ_k Σ_c W[k][c][o] · x[t − (K − 1) + k][c])       k = K − 1 is the newest step
 * </pre>
 * DL4J stores W as [filters, inputs, K, 1] but hands its buffer to libnd4j's {@code conv1d} reshaped (not permuted)
 * as [K, inputs, filters] ({@code Convolution1DUtils.reshapeWeightArrayOrGradientForFormat}); the flat buffer read
 * that way is what the op computes with, so it is read the same way here (parity: {@code ConvGruParityTest}).
 *
 * <p>The ring is (K − 1) input vectors, oldest first; zeros for a new key, as DL4J's causal padding.
 */
final class JavaCausalConvStep {

    private final int kernel;
    private final int inputs;
    private final int filters;
    /** One row of {@link #filters} weights per (step k, input c), at k · inputs + c. */
    private final float[][] weights;
    private final float[] bias;
    private final Activation activation;

    private enum Activation {
        IDENTITY, RELU, TANH
    }

    JavaCausalConvStep(org.deeplearning4j.nn.api.Layer layer) {
        Layer conf = layer.conf().getLayer();
        if (!(conf instanceof Convolution1DLayer conv) || conv.getConvolutionMode() != ConvolutionMode.Causal
                || conv.getStride()[0] != 1 || conv.getDilation()[0] != 1 || !conv.hasBias()) {
            throw new IllegalArgumentException("expected a causal Convolution1DLayer of stride 1, dilation 1 and a "
                    + "bias, got " + conf);
        }
        kernel = conv.getKernelSize()[0];
        inputs = (int) conv.getNIn();
        filters = (int) conv.getNOut();
        activation = activation(conv.getActivationFn());
        INDArray w = layer.getParam("W");
        float[] flat = ParameterValues.rowMajor(w);
        weights = new float[kernel * inputs][filters];
        for (int row = 0; row < weights.length; row++) {
            System.arraycopy(flat, row * filters, weights[row], 0, filters);
        }
        bias = ParameterValues.rowMajor(layer.getParam("b"));
        if (flat.length != kernel * inputs * filters || bias.length != filters) {
            throw new IllegalArgumentException("convolution weights of " + flat.length + " and bias of " + bias.length
                    + " do not fit " + kernel + " × " + inputs + " × " + filters);
        }
    }

    private static Activation activation(IActivation fn) {
        if (fn instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        if (fn instanceof ActivationReLU relu && relu.equals(new ActivationReLU())) { // no cap, threshold or slope
            return Activation.RELU;
        }
        if (fn instanceof ActivationTanH) {
            return Activation.TANH;
        }
        throw new IllegalArgumentException("the Java convolution step computes identity, ReLU and tanh, not " + fn);
    }

    int filters() {
        return filters;
    }

    int inputs() {
        return inputs;
    }

    int kernel() {
        return kernel;
    }

    /** Floats of one key's ring: the previous K − 1 inputs. */
    int ringSize() {
        return (kernel - 1) * inputs;
    }

    /**
     * Feeds one key its next input.
     *
     * @param input  the key's features this step ({@link #inputs()})
     * @param ring   the key's previous K − 1 inputs, oldest first ({@link #ringSize()}); shifted to end with input
     * @param output receives the {@link #filters()} outputs at this step
     */
    void step(float[] input, float[] ring, float[] output) {
        if (input.length != inputs || ring.length != ringSize() || output.length != filters) {
            throw new IllegalArgumentException("expected " + inputs + " inputs, " + ringSize() + " ring and "
                    + filters + " outputs; got " + input.length + ", " + ring.length + " and " + output.length);
        }
        System.arraycopy(bias, 0, output, 0, filters);
        for (int i = 0; i < ring.length; i++) {
            axpy(ring[i], weights[i], output);
        }
        int newest = ring.length;
        for (int c = 0; c < inputs; c++) {
            axpy(input[c], weights[newest + c], output);
        }
        switch (activation) {
            case RELU -> {
                for (int o = 0; o < filters; o++) {
                    output[o] = Math.max(0f, output[o]);
                }
            }
            case TANH -> {
                for (int o = 0; o < filters; o++) {
                    output[o] = (float) Math.tanh(output[o]);
                }
            }
            case IDENTITY -> {
            }
        }
        if (ring.length > 0) {
            System.arraycopy(ring, inputs, ring, 0, ring.length - inputs);
            System.arraycopy(input, 0, ring, ring.length - inputs, inputs);
        }
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }
}
