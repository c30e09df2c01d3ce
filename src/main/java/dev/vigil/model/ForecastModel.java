package dev.vigil.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained, versioned forecasting network. Immutable as far as callers go: inference happens on copies
 * handed out by {@link #newForecaster()}, because DL4J networks are not thread-safe.
 */
public final class ForecastModel {

    static {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private final ModelSpec spec;
    private final MultiLayerNetwork network;
    /**
     * A deltas model's change at rest ({@link DeltaForecaster#atRest}) for each engine, measured by its first
     * forecaster of that engine: a constant of the weights, which a forecaster built on a stream thread at a swap
     * would otherwise take thousands of steps to measure again (decision 0040's addendum). Guarded by
     * {@link #network}.
     */
    private final Map<InferenceEngine, float[][]> atRest = new EnumMap<>(InferenceEngine.class);

    ForecastModel(ModelSpec spec, MultiLayerNetwork network) {
        this.spec = Objects.requireNonNull(spec);
        this.network = Objects.requireNonNull(network);
        if (!spec.architecture().network().matches(spec, network)) {
            throw new IllegalArgumentException("network does not match " + spec);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The loss the network was fitted to, which a fine-tune of it keeps and a retrain's gate judges it by. */
    public TrainingLoss loss() {
        synchronized (network) {
            return TrainingLoss.of(network);
        }
    }

    /** Trainable parameters: the network's weights and biases. */
    public long parameters() {
        synchronized (network) {
            return network.numParams();
        }
    }

    public long version() {
        return spec.version();
    }

    /** A forecaster for one thread, on the default engine. */
    public Forecaster newForecaster() {
        return newForecaster(InferenceEngine.JAVA);
    }

    /**
     * A forecaster for one thread: DL4J's gets its own copy of the network, the Java one its own weights.
     *
     * @throws UnsupportedOperationException if {@code engine} cannot step this architecture
     *                                       ({@link Architecture#steppableBy})
     */
    public Forecaster newForecaster(InferenceEngine engine) {
        ArchitectureNetwork architecture = spec.architecture().network();
        synchronized (network) {
            Forecaster forecaster = switch (engine) {
                case JAVA -> architecture.javaForecaster(spec, network);
                case DL4J -> architecture.dl4jForecaster(spec, network.clone());
            };
            if (!spec.deltas()) {
                return forecaster;
            }
            float[][] rest = atRest.get(engine);
            if (rest == null && spec.relative()) {
                rest = DeltaForecaster.atRest(forecaster);
                atRest.put(engine, rest);
            }
            return new DeltaForecaster(forecaster, rest);
        }
    }

    /**
     * A fingerprint of the weights: two models with the same weights have the same one, whatever their version
     * numbers. Detection's reference network is known by it in a key's state (it has no version of its own).
     */
    public long fingerprint() {
        float[] weights;
        synchronized (network) {
            weights = network.params().toFloatVector();
        }
        long hash = 1125899906842597L;
        for (float weight : weights) {
            hash = 31 * hash + Float.floatToIntBits(weight);
        }
        return hash;
    }

    /** The same weights under another version number (a rollback republishes an old model as new). */
    public ForecastModel withVersion(long version) {
        return new ForecastModel(spec.withVersion(version), network);
    }

    MultiLayerNetwork network() {
        return network;
    }
}
