package dev.vigil.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J parameter's values for the Java engine's own arrays. Read element by element in Java rather than through
 * {@code dup('c')}: that is a native operation on ND4J's thread pool, which took 1–45 ms a call on a busy two-core
 * machine, and a stream thread builds its forecasters of a new version on its first reading after the swap, a few
 * parameters a network for each task it runs (decision 0040's addendum).
 */
final class ParameterValues {

    private ParameterValues() {
    }

    /** The values in C order: for a matrix, row after row; for more dimensions, the last one fastest. */
    static float[] rowMajor(INDArray parameter) {
        long[] shape = parameter.shape();
        float[] values = new float[Math.toIntExact(parameter.length())];
        long[] index = new long[shape.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = parameter.getFloat(index);
            // the next index, as an odometer turns: the last dimension first
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return values;
    }
}
