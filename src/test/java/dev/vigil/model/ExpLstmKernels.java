package dev.vigil.model;

/**
 * The step's arithmetic as it was before docs/decisions/0011-vector-api-step.md, kept as the benchmarks' baseline:
 * the same code on the same row arrays, row-wise multiply-then-add loops (which C2 vectorises itself) and tanh and the
 * sigmoid through {@code Math.exp} in double precision.
 */
final class ExpLstmKernels extends LstmKernels {

    static final ExpLstmKernels INSTANCE = new ExpLstmKernels();

    private ExpLstmKernels() {
    }

    @Override
    String name() {
        return "exp";
    }

    @Override
    int lanes() {
        return 1;
    }

    @Override
    float[][] pack(float[] matrix, int rows, int columns) {
        return ScalarLstmKernels.INSTANCE.pack(matrix, rows, columns);
    }

    @Override
    void multiplyAdd(float[][] packed, int rows, float[] x, int xOffset, float[] into) {
        for (int r = 0; r < rows; r++) {
            axpy(x[xOffset + r], packed[r], into);
        }
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    @Override
    void cellUpdate(float[] gates, float[] cell, float[] hidden, int offset, int units) {
        for (int j = 0; j < units; j++) {
            float candidate = expTanh(gates[j]);
            float forget = expSigmoid(gates[units + j]);
            float out = expSigmoid(gates[2 * units + j]);
            float in = expSigmoid(gates[3 * units + j]);
            float c = forget * cell[offset + j] + in * candidate;
            cell[offset + j] = c;
            hidden[offset + j] = out * expTanh(c);
        }
    }

    private static float expSigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static float expTanh(float x) {
        if (x > 20f) {
            return 1f;
        }
        if (x < -20f) {
            return -1f;
        }
        double e = Math.exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }
}
