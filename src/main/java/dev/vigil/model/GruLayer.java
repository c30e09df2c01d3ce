package dev.vigil.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A GRU layer for a {@code MultiLayerNetwork} (DL4J 1.0.0-M2.1 has no GRU configuration of its own): a
 * {@link SameDiffLayer}, so it trains with {@code fit}, clips and updates with the rest of the network and is saved
 * by {@code ModelSerializer} like any DL4J layer.
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
 * <p>Two graphs of the same cell. Inference runs the fused op over the whole sequence, one native call. Training
 * cannot: the op's backprop ({@code gru_bp}) in 1.0.0-M2.1 gives wrong gradients wherever the previous h is not
 * zero, that is on any sequence longer than one step (checked against finite differences). Training runs the cell
 * unrolled over the time steps in plain SameDiff ops (matmul, sigmoid, tanh, mul, add), whose gradients pass DL4J's
 * gradient check, at about half the windows per second of DL4J's LSTM of the same size; inference on the fused op
 * runs about 2.5 times as many as the LSTM. An unrolled graph fits one length: {@link Runtime} keeps one per
 * length.
 *
 * <p>Parameters: {@value #INPUT_WEIGHTS} [nIn, 3·units], {@value #RECURRENT_WEIGHTS} [units, 3·units] and
 * {@value #BIAS} [3·units], named as DL4J's LSTM names its own. Input and output are DL4J's recurrent layout
 * [batch, features, time]; every sequence starts from h = 0; masks are not supported (Vigil's windows have none).
 * A network that starts with this layer must be given its input type ({@code setInputType}), which DL4J infers only
 * from its own recurrent layers.
 *
 * <p>A SameDiff layer is not a {@code RecurrentLayer}: {@code rnnTimeStep} keeps no state for it, each call runs
 * as a new sequence from h = 0. Stepping a key with carried state is {@link JavaGruStep}'s job.
 */
public final class GruLayer extends SameDiffLayer {

    public static final String INPUT_WEIGHTS = "W";
    public static final String RECURRENT_WEIGHTS = "RW";
    public static final String BIAS = "b";

    private long nIn;
    private long nOut;

    /** For Jackson, which rebuilds the layer from the network's JSON configuration. */
    public GruLayer() {
    }

    private GruLayer(Builder builder) {
        super(builder);
        this.nIn = builder.nIn;
        this.nOut = builder.nOut;
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    /** The number of units. */
    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    /**
     * DL4J copies a layer configuration field by field ({@code Layer.clone}), which would leave a cloned network
     * sharing this layer's updater settings with the original: setting the copy's learning rate would change the
     * original's too. The copy gets its own.
     */
    @Override
    public GruLayer clone() {
        GruLayer copy = (GruLayer) super.clone();
        if (updater != null) {
            copy.setUpdater(updater.clone());
        }
        if (biasUpdater != null) {
            copy.setBiasUpdater(biasUpdater.clone());
        }
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GruLayer that && super.equals(that) && nIn == that.nIn && nOut == that.nOut;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Long.hashCode(nIn)) + Long.hashCode(nOut);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.RNN) {
            throw new IllegalStateException("GRU layer " + layerIndex + " needs recurrent input, got " + inputType);
        }
        return InputType.recurrent(nOut, ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength(),
                RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeRecurrent recurrent && (nIn <= 0 || override)) {
            nIn = recurrent.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(INPUT_WEIGHTS, nIn, 3 * nOut);
        params.addWeightParam(RECURRENT_WEIGHTS, nOut, 3 * nOut);
        params.addBiasParam(BIAS, 3 * nOut);
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
    }

    /**
     * The training graph: the GRU unrolled over the sequence's time steps, in plain SameDiff ops. The input
     * projections of every step are one matrix product; each step then adds h's product with RW and applies the
     * gates. The length is the input placeholder's.
     */
    @Override
    public SDVariable defineLayer(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
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

        // x·W + b for every step at once: [batch, time, nIn] -> [batch·time, 3·units] -> [batch, time, 3·units]
        SDVariable steps = sameDiff.reshape(sameDiff.permute(layerInput, 0, 2, 1), -1, nIn);
        SDVariable projected = sameDiff.reshape(steps.mmul(weights).add(bias), -1, length, 3 * units);
        SDVariable[] gatesIn = sameDiff.unstack(projected.get(SDIndex.all(), SDIndex.all(),
                SDIndex.interval(0L, 2 * units)), 1, length);                       // [batch, 2·units] per step
        SDVariable[] candidateIn = sameDiff.unstack(projected.get(SDIndex.all(), SDIndex.all(),
                SDIndex.interval(2 * units, 3 * units)), 1, length);                // [batch, units] per step
        SDVariable gatesRecurrent = recurrent.get(SDIndex.all(), SDIndex.interval(0L, 2 * units));
        SDVariable candidateRecurrent = recurrent.get(SDIndex.all(), SDIndex.interval(2 * units, 3 * units));

        // h = 0 taken through the same step as the others, so that RW is read even by a one-step graph
        // (SameDiff takes a variable that nothing reads as the graph's loss)
        SDVariable h = sameDiff.zerosLike(candidateIn[0]);                          // [batch, units]
        SDVariable[] outputs = new SDVariable[length];
        for (int t = 0; t < length; t++) {
            SDVariable resetUpdate = sameDiff.nn().sigmoid(gatesIn[t].add(h.mmul(gatesRecurrent)));
            SDVariable reset = resetUpdate.get(SDIndex.all(), SDIndex.interval(0L, units));
            SDVariable update = resetUpdate.get(SDIndex.all(), SDIndex.interval(units, 2 * units));
            SDVariable candidate = sameDiff.math().tanh(candidateIn[t].add(reset.mul(h.mmul(candidateRecurrent))));
            h = candidate.add(update.mul(h.sub(candidate)));                        // u·h + (1 − u)·c
            outputs[t] = h;
        }
        return sameDiff.stack(2, outputs);                                          // [batch, units, time]
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

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        Runtime layer = new Runtime(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /**
     * DL4J's SameDiff layer with a graph per use: DL4J's builds one graph, for the length of the first input it
     * sees. This one builds the fused graph for inference and an unrolled one for training, for each input length,
     * and keeps the few most recent (training windows, validation windows).
     */
    private static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {

        private static final int GRAPHS_KEPT = 6;

        private record Key(long length, boolean training) {
        }

        private record Graph(SameDiff sameDiff, SDVariable outputVar, ExternalErrorsFunction fn, String outputKey) {
        }

        private final Map<Key, Graph> graphs = new LinkedHashMap<>(8, 0.75f, true);
        private Key current;

        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            selectGraph(training);
            return super.activate(training, workspaceMgr);
        }

        /**
         * DL4J 1.0.0-M2.1's SameDiff layer hands back twice the true gradients, of its parameters and of its input
         * alike: a numerical gradient check of any SameDiff layer, even one that only scales its input, shows an
         * exact factor of 2. Backprop is linear in the incoming errors, so halving them gives the true gradients;
         * the gradient check in the tests fails if a DL4J version fixes this.
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            selectGraph(true);
            // DL4J's backprop builds the gradient graph on first use; built here first, with nd4j's lines about
            // every op it differentiates kept off standard output (GradientGraphOutput)
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                if (sameDiff == null) {
                    doInit();
                }
                if (!sameDiff.hasGradientFunction()) {
                    GradientGraphOutput.quietly(() -> sameDiff.createGradFunction(INPUT_KEY));
                }
            }
            return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
        }

        private void selectGraph(boolean training) {
            assertInputSet(false);
            Key wanted = new Key(input.size(2), training);
            if (sameDiff != null && wanted.equals(current)) {
                return;
            }
            if (sameDiff != null) {
                graphs.put(current, new Graph(sameDiff, outputVar, fn, outputKey));
            }
            current = wanted;
            Graph kept = graphs.remove(wanted);
            if (kept == null) {
                sameDiff = null;      // the next activate builds it (doInit)
            } else {
                sameDiff = kept.sameDiff();
                outputVar = kept.outputVar();
                fn = kept.fn();
                outputKey = kept.outputKey();
                paramTable.forEach((key, array) ->
                        sameDiff.associateArrayWithVariable(array, sameDiff.getVariable(key)));
            }
            while (graphs.size() >= GRAPHS_KEPT) {
                graphs.remove(graphs.keySet().iterator().next());
            }
        }

        /** DL4J's own, but with the graph {@link #current} asks for. */
        @Override
        protected void doInit() {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                GruLayer gru = (GruLayer) layerConf();
                sameDiff = SameDiff.create();
                sameDiff.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
                long[] inputShape = input.shape().clone();
                inputShape[0] = -1;
                SDVariable inputVar = sameDiff.placeHolder(INPUT_KEY, dataType, inputShape);
                Map<String, SDVariable> params = new LinkedHashMap<>();
                gru.getLayerParams().getParamShapes().forEach((key, shape) ->
                        params.put(key, sameDiff.var(key, dataType, shape)));
                SDVariable mask = sameDiff.placeHolder(MASK_KEY, dataType, -1, -1, -1);
                outputVar = current.training()
                        ? gru.defineLayer(sameDiff, inputVar, params, mask)
                        : gru.defineFused(sameDiff, inputVar, params);
                paramTable().forEach((key, array) ->
                        sameDiff.associateArrayWithVariable(array, sameDiff.getVariable(key)));
                fn = SameDiffUtils.externalErrors(sameDiff, null, outputVar);
                outputKey = outputVar.name();
            }
        }
    }

    /** Builds a {@link GruLayer}: {@code nIn} inputs a step, {@code nOut} units. */
    @SuppressWarnings("unchecked") // DL4J's Layer.Builder declares a generic build()
    public static final class Builder extends SameDiffLayer.Builder<Builder> {

        private long nIn;
        private long nOut;

        public Builder nIn(long inputs) {
            this.nIn = inputs;
            return this;
        }

        public Builder nOut(long units) {
            this.nOut = units;
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
