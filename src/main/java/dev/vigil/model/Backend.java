package dev.vigil.model;

import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend this process runs DL4J on (CPU, or CUDA in a {@code -Pgpu} build). */
public final class Backend {

    private Backend() {
    }

    /**
     * The engine and what runs it, e.g. {@code java engine with 16-lane vector kernels, DL4J on CPU (CpuBackend)}
     * for an LSTM: a JVM started without {@code jdk.incubator.vector} says {@code scalar kernels}
     * (docs/decisions/0011-vector-api-step.md).
     */
    public static String describe(InferenceEngine engine, ModelSpec spec) {
        String step = engine.name().toLowerCase() + " engine";
        if (engine == InferenceEngine.JAVA && spec.architecture() == Architecture.LSTM) {
            step += " with " + LstmKernels.best().description();
        }
        return step + ", DL4J on " + describe();
    }

    /** e.g. {@code CPU (CpuBackend)} or {@code CUDA (JCublasBackend)}. */
    public static String describe() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        return (name.contains("Cublas") || name.contains("Cuda") ? "CUDA" : "CPU") + " (" + name + ")";
    }
}
