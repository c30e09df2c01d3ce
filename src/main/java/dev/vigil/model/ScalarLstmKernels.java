package dev.vigil.model;

import java.util.Arrays;

/**
 * The LSTM step's arithmetic in plain loops: the kernels of a JVM started without {@code jdk.incubator.vector}, and the
 * reference the vector kernels match bit for bit.
 */
final class ScalarLstmKernels extends LstmKernels {

    static final ScalarLstmKernels INSTANCE = new ScalarLstmKernels();

    private ScalarLstmKernels() {
    }

    @Override
    String name() {
        return "scalar";
    }

    @Override
    int lanes() {
        return 1;
    }

    /** One array per row, as DL4J's matrix reads in C order. */
    @Override
    float[][] pack(float[] matrix, int rows, int columns) {
        float[][] packed = new float[rows][];
        for (int r = 0; r < rows; r++) {
            packed[r] = Arrays.copyOfRange(matrix, r * columns, (r + 1) * columns);
        }
        return packed;
    }

    /**
     * Row after row, {@code into += x[r] · row}: C2 vectorises this loop itself (with its fused multiply-add)
     * because it runs over whole arrays from index 0; over one flat matrix at a row offset it does not, and the
     * product is about five times slower.
     */
    @Override
    void multiplyAdd(float[][] packed, int rows, float[] x, int xOffset, float[] into) {
        for (int r = 0; r < rows; r++) {
            addRow(x[xOffset + r], packed[r], into);
        }
    }

    private static void addRow(float a, float[] row, float[] into) {
        for (int c = 0; c < into.length; c++) {
            into[c] = Math.fma(a, row[c], into[c]);
        }
    }

    @Override
    void cellUpdate(float[] gates, float[] cell, float[] hidden, int offset, int units) {
        for (int j = 0; j < units; j++) {
            float candidate = tanh(gates[j]);
            float forget = sigmoid(gates[units + j]);
            float out = sigmoid(gates[2 * units + j]);
            float in = sigmoid(gates[3 * units + j]);
            float c = Math.fma(forget, cell[offset + j], in * candidate);
            cell[offset + j] = c;
            hidden[offset + j] = out * tanh(c);
        }
    }
}
