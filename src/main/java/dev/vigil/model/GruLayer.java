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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A GRU layer for a {@code MultiLayerNetwork} (DL4J 1.0.0-M2.1 has no GRU configuration of its own): a
 * {@link SequenceSameDiffLayer}, so it trains with {@code fit}, clips and updates with the rest of the network and is
 * saved by {@code ModelSerializer} like any DL4J layer.
 *
 * <p>The cell is libnd4j's {@code gru} op's (found by running the op against candidate formulas: exact to double
 * precision). Gate blocks in the order [r | u | c]:
 * <pre>
 *   r  = sigmoid(x·W[:, r] + h·RW[:, r] + b[r])
 *   u  = sigmoid(x·W[:, u] + h·RW[:, u] + b[u])
 *   c  = tanh(x·W[:, c] + b[c] + r ⊙ (h·RW[:, c]))      the reset gate scales the recurrent product
 *   h' = u ⊙ h + (1 − u) ⊙ c
 * </pre>
 * with one bias per gate, none on the recurrent side. {@link JavaGruStep} computes the same step in plain Java.
 *
 * <p>With layer normalisation ({@link Builder#layerNorm}, Ba, Kiros and Hinton, 2016), each gate's summed input is
 * normalised over the units before its gain and bias, so that no gate saturates on the scale of its inputs:
 * <pre>
 *   r  = sigmoid(LN(x·W[:, r] + h·RW[:, r]) ⊙ g[r] + b[r])
 *   u  = sigmoid(LN(x·W[:, u] + h·RW[:, u]) ⊙ g[u] + b[u])
 *   c  = tanh(LN(x·W[:, c] + r ⊙ (h·RW[:, c])) ⊙ g[c] + b[c])
 *   LN(v) = (v − mean(v)) / sqrt(var(v) + {@value #EPSILON})      mean and variance over the units
 * </pre>
 * with a gain {@value #GAIN} [3·units] that starts at 1. libnd4j's fused op has no normalisation, so such a layer
 * infers on the unrolled graph too.
 *
 * <p>Two graphs of the same cell. Inference runs the fused op over the whole sequence, one native call. Training
 * cannot: the op's backprop ({@code gru_bp}) in 1.0.0-M2.1 gives wrong gradients wherever the previous h is not
 * zero, that is on any sequence longer than one step (checked against finite differences). Training runs the cell
 * unrolled over the time steps in plain SameDiff ops (matmul, reshape, unstack, sigmoid, tanh, mul, add), whose
 * gradients pass DL4J's gradient check, at about half the windows per second of DL4J's LSTM of the same size (decision
 * 0013, and its addendum: a quarter faster since the gates are unstacked, not sliced); inference on the fused op
 * runs about 2.5 times as many as the LSTM. An unrolled graph fits one length: the runtime keeps one per length
 * ({@link SequenceSameDiffLayer}).
 *
 * <p>Parameters: {@value #INPUT_WEIGHTS} [nIn, 3·units], {@value #RECURRENT_WEIGHTS} [units, 3·units] and
 * {@value #BIAS} [3·units], named as DL4J's LSTM names its own. Input and output are DL4J's recurrent layout
 * [batch, features, time]; every sequence starts from h = 0. Stepping a key with carried state is
 * {@link JavaGruStep}'s job.
 */
public final class GruLayer extends SequenceSameDiffLayer {

    public static final String INPUT_WEIGHTS = "W";
    public static final String RECURRENT_WEIGHTS = "RW";
    public static final String BIAS = "b";
    public static final String GAIN = "g";
    /** Added to the variance before its root, as in most layer normalisations: a flat gate input is not 0/0. */
    public static final double EPSILON = 1e-5;

    private boolean layerNorm;

    /** For Jackson, which rebuilds the layer from the network's JSON configuration. */
    public GruLayer() {
    }

    private GruLayer(Builder builder) {
        super(builder, builder.nIn, builder.nOut);
        this.layerNorm = builder.layerNorm;
    }

    /** Whether each gate's summed input is layer-normalised (then the layer has a gain {@value #GAIN}). */
    public boolean isLayerNorm() {
        return layerNorm;
    }

    public void setLayerNorm(boolean layerNorm) {
        this.layerNorm = layerNorm;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && layerNorm == ((GruLayer) other).layerNorm;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(layerNorm);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(INPUT_WEIGHTS, nIn, 3 * nOut);
        params.addWeightParam(RECURRENT_WEIGHTS, nOut, 3 * nOut);
        params.addBiasParam(BIAS, 3 * nOut);
        if (layerNorm) {
            params.addWeightParam(GAIN, 3 * nOut);
        }
    }

    /** Each gate's block of W and RW drawn on its own (Xavier by default: fan-in its rows, fan-out the units). */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        for (String key : new String[] {INPUT_WEIGHTS, RECURRENT_WEIGHTS}) {
            INDArray weights = params.get(key);
            int rows = (int) weights.size(0);
            for (int gate = 0; gate < 3; gate++) {
                INDArray block = Nd4j.create(weights.dataType(), rows, nOut);
                initWeights(rows, (int) nOut, init, block);
                weights.get(NDArrayIndex.all(), NDArrayIndex.interval(gate * nOut, (gate + 1) * nOut)).assign(block);
            }
        }
        params.get(BIAS).assign(0);
        if (layerNorm) {
            params.get(GAIN).assign(1);
        }
    }

    /**
     * Training runs the unrolled graph, whose gradients are right; inference the fused op, one native call, unless
     * the layer normalises, which the fused op cannot.
     */
    @Override
    SDVariable defineGraph(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                           SDVariable mask, boolean training) {
        return training || layerNorm ? defineUnrolled(sameDiff, layerInput, paramTable)
                : defineFused(sameDiff, layerInput, paramTable);
    }

    /**
     * The training graph: the GRU unrolled over the sequence's time steps, in plain SameDiff ops. The input
     * projections of every step are one matrix product; each step then adds h's product with RW and applies the
     * gates. The length is the input placeholder's.
     */
    SDVariable defineUnrolled(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable) {
        long[] shape = layerInput.getShape();
        if (shape == null || shape.length != 3 || shape[2] < 1) {
            throw new IllegalStateException("a GRU layer unrolls over a known length, got input shape "
                    + Arrays.toString(shape));
        }
        int length = (int) shape[2];
        long units = nOut;
        SDVariable weights = paramTable.get(INPUT_WEIGHTS);
        SDVariable recurrent = paramTable.get(RECURRENT_WEIGHTS);
        SDVariable bias = paramTable.get(BIAS);

        // x·W (+ b, unless normalised) for every step at once: [batch, time, nIn] -> [batch·time, 3·units] ->
        // [batch, time, gate, units]. Gates are parted by reshape and unstack, never by slicing an array that has the
        // batch in it: libnd4j's strided_slice_bp fails on a batch of one window (a fit's last minibatch, when the
        // windows leave one over).
        SDVariable steps = sameDiff.reshape(sameDiff.permute(layerInput, 0, 2, 1), -1, nIn);
        SDVariable fromInput = layerNorm ? steps.mmul(weights) : steps.mmul(weights).add(bias);
        SDVariable projected = sameDiff.reshape(fromInput, -1, length, 3, units);
        SDVariable[] byGate = sameDiff.unstack(projected, 2, 3);                   // [batch, time, units] each
        SDVariable[] resetIn = sameDiff.unstack(byGate[0], 1, length);             // [batch, units] per step
        SDVariable[] updateIn = sameDiff.unstack(byGate[1], 1, length);
        SDVariable[] candidateIn = sameDiff.unstack(byGate[2], 1, length);
        SDVariable[] recurrentByGate = sameDiff.unstack(sameDiff.reshape(recurrent, units, 3, units), 1, 3);
        SDVariable[] gains = layerNorm ? sameDiff.unstack(sameDiff.reshape(paramTable.get(GAIN), 3, units), 0, 3)
                : null;
        SDVariable[] biases = layerNorm ? sameDiff.unstack(sameDiff.reshape(bias, 3, units), 0, 3) : null;

        // h = 0 taken through the same step as the others, so that RW is read even by a one-step graph
        // (SameDiff takes a variable that nothing reads as the graph's loss)
        SDVariable h = sameDiff.zerosLike(candidateIn[0]);                          // [batch, units]
        SDVariable[] outputs = new SDVariable[length];
        for (int t = 0; t < length; t++) {
            SDVariable reset = sameDiff.nn().sigmoid(gateInput(sameDiff,
                    resetIn[t].add(h.mmul(recurrentByGate[0])), gains, biases, 0));
            SDVariable update = sameDiff.nn().sigmoid(gateInput(sameDiff,
                    updateIn[t].add(h.mmul(recurrentByGate[1])), gains, biases, 1));
            SDVariable candidate = sameDiff.math().tanh(gateInput(sameDiff,
                    candidateIn[t].add(reset.mul(h.mmul(recurrentByGate[2]))), gains, biases, 2));
            h = candidate.add(update.mul(h.sub(candidate)));                        // u·h + (1 − u)·c
            outputs[t] = h;
        }
        return sameDiff.stack(2, outputs);                                          // [batch, units, time]
    }

    /**
     * A gate's summed input [batch, units] as the gate reads it: as it is (the bias is in it), or layer-normalised
     * over the units, then scaled by the gate's gain and shifted by its bias.
     */
    private static SDVariable gateInput(SameDiff sameDiff, SDVariable summed, SDVariable[] gains, SDVariable[] biases,
                                        int gate) {
        if (gains == null) {
            return summed;
        }
        SDVariable centred = summed.sub(sameDiff.mean(summed, true, 1));
        SDVariable variance = sameDiff.mean(centred.mul(centred), true, 1);
        return centred.div(sameDiff.math().sqrt(variance.add(EPSILON))).mul(gains[gate]).add(biases[gate]);
    }

    /** The inference graph: libnd4j's fused {@code gru} op over the whole sequence, from h = 0. */
    SDVariable defineFused(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable) {
        SDVariable timeMajor = sameDiff.permute(layerInput, 2, 0, 1);             // [time, batch, nIn]
        SDVariable zero = sameDiff.constant(Nd4j.zeros(layerInput.dataType(), nIn, nOut));
        SDVariable h0 = sameDiff.zerosLike(timeMajor.get(SDIndex.point(0)).mmul(zero)); // [batch, units]
        SDVariable h = sameDiff.rnn().gru(timeMajor, h0, paramTable.get(INPUT_WEIGHTS),
                paramTable.get(RECURRENT_WEIGHTS), paramTable.get(BIAS));         // [time, batch, units]
        return sameDiff.permute(h, 1, 2, 0);                                      // [batch, units, time]
    }

    /** Builds a {@link GruLayer}: {@code nIn} inputs a step, {@code nOut} units. */
    @SuppressWarnings("unchecked") // DL4J's Layer.Builder declares a generic build()
    public static final class Builder extends SameDiffLayer.Builder<Builder> {

        private long nIn;
        private long nOut;
        private boolean layerNorm;

        public Builder nIn(long inputs) {
            this.nIn = inputs;
            return this;
        }

        public Builder nOut(long units) {
            this.nOut = units;
            return this;
        }

        /** Layer-normalise each gate's summed input (see the class comment). */
        public Builder layerNorm(boolean normalise) {
            this.layerNorm = normalise;
            return this;
        }

        @Override
        public GruLayer build() {
            if (nOut < 1) {
                throw new IllegalArgumentException("a GRU layer needs at least one unit, got " + nOut);
            }
            return new GruLayer(this);
        }
    }
}
