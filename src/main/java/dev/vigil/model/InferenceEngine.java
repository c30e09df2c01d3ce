package dev.vigil.model;

/** Which code steps the network. Both give the same numbers (to 1e-5); they differ in speed and hardware. */
public enum InferenceEngine {
    /** Plain Java on the model's weights: microseconds per key-step on a CPU. The default. */
    JAVA,
    /** DL4J's own {@code rnnTimeStep}, keys stacked into one batch: any ND4J backend, GPUs included. */
    DL4J
}
