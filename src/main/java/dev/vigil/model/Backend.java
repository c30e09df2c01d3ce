package dev.vigil.model;

import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend this process runs DL4J on (CPU, or CUDA in a {@code -Pgpu} build). */
public final class Backend {

    private Backend() {
    }

    /** e.g. {@code CPU (CpuBackend)} or {@code CUDA (JCublasBackend)}. */
    public static String describe() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        return (name.contains("Cublas") || name.contains("Cuda") ? "CUDA" : "CPU") + " (" + name + ")";
    }
}
