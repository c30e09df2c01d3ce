package dev.vigil.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
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

/**
 * What Vigil's own layers for a {@code MultiLayerNetwork} share ({@link GruLayer}, {@link WaveNetLayer}): a
 * {@link SameDiffLayer} that reads DL4J's recurrent layout [batch, nIn, time] and writes [batch, nOut, time], whose
 * graph is built for one input length at a time, for training or for inference ({@link #defineGraph}). It trains with
 * {@code fit}, clips and updates with the rest of the network and is saved by {@code ModelSerializer} like any DL4J
 * layer. Every sequence starts from zero state; masks are not supported (Vigil's windows have none). A network that
 * starts with such a layer must be given its input type ({@code setInputType}), which DL4J infers only from its own
 * recurrent layers.
 *
 * <p>A SameDiff layer is not a {@code RecurrentLayer}: {@code rnnTimeStep} keeps no state for it, each call runs as a
 * new sequence. Stepping a key with carried state is each architecture's plain-Java step's job.
 */
public abstract class SequenceSameDiffLayer extends SameDiffLayer {

    protected long nIn;
    protected long nOut;

    /** For Jackson, which rebuilds the layer from the network's JSON configuration. */
    protected SequenceSameDiffLayer() {
    }

    protected SequenceSameDiffLayer(SameDiffLayer.Builder<?> builder, long nIn, long nOut) {
        super(builder);
        this.nIn = nIn;
        this.nOut = nOut;
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    /** Features out at every step. */
    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    /**
     * The graph over an input of a known length (the placeholder's shape), for training or for inference: the same
     * function both ways, or two graphs of it where one computes faster and the other differentiates correctly.
     */
    abstract SDVariable defineGraph(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                    SDVariable mask, boolean training);

    /**
     * DL4J copies a layer configuration field by field ({@code Layer.clone}), which would leave a cloned network
     * sharing this layer's updater settings and dropout with the original: setting the copy's learning rate would
     * change the original's too, and a fine-tune would write its masks into the live model's dropout. The copy gets
     * its own.
     */
    @Override
    public SequenceSameDiffLayer clone() {
        SequenceSameDiffLayer copy = (SequenceSameDiffLayer) super.clone();
        if (updater != null) {
            copy.setUpdater(updater.clone());
        }
        if (biasUpdater != null) {
            copy.setBiasUpdater(biasUpdater.clone());
        }
        // nor its dropout, which holds the mask of the last training pass: a fine-tune's copy must draw its own
        if (iDropout != null) {
            copy.setIDropout(iDropout.clone());
        }
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceSameDiffLayer that && getClass() == that.getClass() && super.equals(that)
                && nIn == that.nIn && nOut == that.nOut;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Long.hashCode(nIn)) + Long.hashCode(nOut);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.RNN) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + layerIndex
                    + " needs recurrent input, got " + inputType);
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

    /** The graph DL4J asks for when it builds its own runtime: the training one. */
    @Override
    public SDVariable defineLayer(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        return defineGraph(sameDiff, layerInput, paramTable, mask, true);
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
     * sees. This one builds a graph for inference and one for training ({@link #defineGraph}), for each input
     * length, and keeps the few most recent (training windows, validation windows).
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

        /**
         * DL4J's SameDiff layer ignores the layer's dropout: it is applied here to the layer's input, as DL4J's own
         * layers apply it (a training pass only; {@code backpropGradient} takes the same mask off the errors).
         */
        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            applyDropOutIfNecessary(training, workspaceMgr);
            selectGraph(training);
            return super.activate(training, workspaceMgr);
        }

        /**
         * DL4J 1.0.0-M2.1's SameDiff layer hands back twice the true gradients, of its parameters and of its input
         * alike: a numerical gradient check of any SameDiff layer, even one that only scales its input, shows an
         * exact factor of 2. Backprop is linear in the incoming errors, so halving them gives the true gradients;
         * the gradient checks in the tests fail if a DL4J version fixes this.
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
            Pair<Gradient, INDArray> gradients = super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
            return new Pair<>(gradients.getFirst(), backpropDropOutIfPresent(gradients.getSecond()));
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
                SequenceSameDiffLayer layer = (SequenceSameDiffLayer) layerConf();
                sameDiff = SameDiff.create();
                sameDiff.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
                long[] inputShape = input.shape().clone();
                inputShape[0] = -1;
                SDVariable inputVar = sameDiff.placeHolder(INPUT_KEY, dataType, inputShape);
                Map<String, SDVariable> params = new LinkedHashMap<>();
                layer.getLayerParams().getParamShapes().forEach((key, shape) ->
                        params.put(key, sameDiff.var(key, dataType, shape)));
                SDVariable mask = sameDiff.placeHolder(MASK_KEY, dataType, -1, -1, -1);
                outputVar = layer.defineGraph(sameDiff, inputVar, params, mask, current.training());
                paramTable().forEach((key, array) ->
                        sameDiff.associateArrayWithVariable(array, sameDiff.getVariable(key)));
                fn = SameDiffUtils.externalErrors(sameDiff, null, outputVar);
                outputKey = outputVar.name();
            }
        }
    }
}
