package dev.vigil.model;

/**
 * The Java forecaster on named kernels, for benchmarks outside this package: {@code scalar}, {@code vector}, or
 * {@code exp}, the step as it was before docs/decisions/0011-vector-api-step.md.
 */
public final class KernelChoice {

    private KernelChoice() {
    }

    /** Fails when {@code vector} is asked for in a JVM without {@code jdk.incubator.vector}. */
    public static Forecaster javaForecaster(ForecastModel model, String kernels) {
        LstmKernels chosen = switch (kernels) {
            case "scalar" -> LstmKernels.select(false);
            case "vector" -> LstmKernels.select(true);
            case "exp" -> ExpLstmKernels.INSTANCE;
            default -> throw new IllegalArgumentException("no kernels named " + kernels);
        };
        if (!chosen.name().equals(kernels)) {
            throw new IllegalStateException("asked for " + kernels + " kernels, got " + chosen
                    + ": is the JVM started with --add-modules=" + LstmKernels.VECTOR_MODULE + "?");
        }
        return new JavaLstmForecaster(model.spec(), model.network(), chosen);
    }
}
