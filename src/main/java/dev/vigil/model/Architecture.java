package dev.vigil.model;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.vigil.avro.NetworkState;

/**
 * The kinds of network Vigil builds. Each owns, in a class of its own ({@link ArchitectureNetwork}), its DL4J layers,
 * the layout of a key's memory between readings and its plain-Java step; this enum only names them, for model
 * artifacts and the command line.
 */
public enum Architecture {
    /** Stacked LSTM layers: a key's memory is h and c of every layer. */
    LSTM("lstm", LstmNetwork.INSTANCE),
    /** Stacked GRU layers: a key's memory is h of every layer. The DL4J engine cannot step it ({@link GruNetwork}). */
    GRU("gru", GruNetwork.INSTANCE),
    /**
     * A causal 1D convolution over the inputs, then stacked GRU layers: a key's memory is h of every GRU layer and the
     * ring of inputs the convolution reads ({@link ConvGruNetwork}). The DL4J engine cannot step it.
     */
    CONV_GRU("conv-gru", ConvGruNetwork.INSTANCE),
    /**
     * Dilated causal convolutions of kernel 2 (dilation 1, 2, 4, …), gated, with residual and skip connections: a
     * key's memory is, per dilated layer, the ring of the activations its dilation reaches back to
     * ({@link WaveNetNetwork}). {@code layers} counts the dilated layers, the receptive field is 2^layers. The DL4J
     * engine cannot step it.
     */
    WAVENET("wavenet", WaveNetNetwork.INSTANCE);

    private final String kind;
    private final ArchitectureNetwork network;

    Architecture(String kind, ArchitectureNetwork network) {
        this.kind = kind;
        this.network = network;
    }

    /** The name in model artifacts and on the command line. */
    public String kind() {
        return kind;
    }

    /** The architecture named {@code kind}, or a clear error listing the known ones. */
    public static Architecture of(String kind) {
        return Arrays.stream(values())
                .filter(architecture -> architecture.kind.equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + kind + "'; known: "
                        + Arrays.stream(values()).map(Architecture::kind).collect(Collectors.joining(", "))));
    }

    /** A fresh key's memory: the state every training sequence starts from. */
    public NetworkMemory zero(ModelSpec spec) {
        return NetworkMemory.zero(network.memoryParts(spec));
    }

    /** A key's stored memory; the fresh one when it is empty or of another shape. */
    public NetworkMemory restore(NetworkState stored, ModelSpec spec) {
        return NetworkMemory.from(stored, network.memoryParts(spec));
    }

    /**
     * The layer count to build when a command names this architecture without one: for a WaveNet, enough dilated
     * layers for its receptive field to span a training window of {@code windowLength}; for the others
     * {@code otherwise}.
     */
    public int defaultLayers(int windowLength, int otherwise) {
        return network.defaultLayers(windowLength, otherwise);
    }

    /**
     * Whether {@code engine} can step a model of this architecture. The DL4J engine cannot step a GRU: DL4J keeps a
     * recurrent state between {@code rnnTimeStep} calls only for its own recurrent layers ({@link GruNetwork},
     * {@link ConvGruNetwork}, {@link WaveNetNetwork}).
     */
    public boolean steppableBy(InferenceEngine engine) {
        return network.steppableBy(engine);
    }

    /** Whether its cells can be layer-normalised ({@link ModelSpec#layerNorm}): those Vigil builds itself. */
    public boolean layerNormalisable() {
        return network.layerNormalisable();
    }

    ArchitectureNetwork network() {
        return network;
    }
}
