package dev.vigil.model;

import java.util.Arrays;

/**
 * Run by {@link LstmKernelsTest} in a JVM of its own: prints the kernels that JVM chose and what they compute on
 * fixed numbers, so the test sees the choice and the step work with and without {@code jdk.incubator.vector}.
 */
final class KernelsProbe {

    private KernelsProbe() {
    }

    public static void main(String[] args) {
        LstmKernels kernels = LstmKernels.best();
        System.out.println(kernels.name() + " " + compute(kernels));
    }

    /** What any kernels print: the scalar ones' numbers, computed here. */
    static String expected() {
        return compute(LstmKernels.select(false));
    }

    private static String compute(LstmKernels kernels) {
        int units = 20;
        float[] matrix = new float[units * 4 * units];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (i % 13 - 6) / 17f;
        }
        float[] hidden = new float[units];
        float[] cell = new float[units];
        Arrays.fill(hidden, 0.25f);
        Arrays.fill(cell, -0.5f);
        float[] gates = new float[4 * units];
        kernels.multiplyAdd(kernels.pack(matrix, units, 4 * units), units, hidden, 0, gates);
        kernels.cellUpdate(gates, cell, hidden, 0, units);
        return Arrays.toString(hidden);
    }
}
