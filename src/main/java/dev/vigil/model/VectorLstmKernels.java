package dev.vigil.model;

import java.util.ArrayList;
import java.util.List;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM step's arithmetic on the JDK's Vector API (incubating in JDK 17): the same operations as {@link
 * ScalarLstmKernels}, lane by lane, so the two give the same bits.
 *
 * <p>Only {@link LstmKernels#select} loads this class, by name, once it has seen {@code jdk.incubator.vector} in the
 * boot layer: nothing else may name it.
 */
final class VectorLstmKernels extends LstmKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    // LstmKernels' tanh coefficients in every lane
    private static final FloatVector ALPHA_1_LANES = FloatVector.broadcast(SPECIES, ALPHA_1);
    private static final FloatVector ALPHA_3_LANES = FloatVector.broadcast(SPECIES, ALPHA_3);
    private static final FloatVector ALPHA_5_LANES = FloatVector.broadcast(SPECIES, ALPHA_5);
    private static final FloatVector ALPHA_7_LANES = FloatVector.broadcast(SPECIES, ALPHA_7);
    private static final FloatVector ALPHA_9_LANES = FloatVector.broadcast(SPECIES, ALPHA_9);
    private static final FloatVector ALPHA_11_LANES = FloatVector.broadcast(SPECIES, ALPHA_11);
    private static final FloatVector ALPHA_13_LANES = FloatVector.broadcast(SPECIES, ALPHA_13);
    private static final FloatVector BETA_0_LANES = FloatVector.broadcast(SPECIES, BETA_0);
    private static final FloatVector BETA_2_LANES = FloatVector.broadcast(SPECIES, BETA_2);
    private static final FloatVector BETA_4_LANES = FloatVector.broadcast(SPECIES, BETA_4);
    private static final FloatVector BETA_6_LANES = FloatVector.broadcast(SPECIES, BETA_6);

    VectorLstmKernels() {
    }

    @Override
    String name() {
        return "vector";
    }

    @Override
    int lanes() {
        return LANES;
    }

    /**
     * Column blocks, each one array holding its columns for every row in turn: blocks of eight vectors while the
     * columns last, then of two, then of one, and the last few columns padded with zero weights to one vector. A
     * step reads each block (64 KB in all for 64 units: more than L1 holds) as one forward stream.
     */
    @Override
    float[][] pack(float[] matrix, int rows, int columns) {
        List<float[]> blocks = new ArrayList<>();
        for (int c = 0; c < columns; ) {
            int width = blockWidth(columns - c);
            int used = Math.min(width, columns - c);
            float[] block = new float[rows * width];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(matrix, r * columns + c, block, r * width, used);
            }
            blocks.add(block);
            c += used;
        }
        return blocks.toArray(float[][]::new);
    }

    /**
     * Eight vectors of sums stay in registers while every row adds into them: one load and one fused multiply-add per
     * vector of weights, instead of the load, add and store of {@code into} per row of row-wise loops; and eight
     * independent sums keep both FMA ports busy through the latency of each.
     */
    @Override
    void multiplyAdd(float[][] packed, int rows, float[] x, int xOffset, float[] into) {
        int columns = into.length;
        int c = 0;
        for (float[] block : packed) {
            int width = block.length / rows;
            if (width == 8 * LANES) {
                eightVectors(block, rows, x, xOffset, into, c);
            } else if (width == 2 * LANES) {
                twoVectors(block, rows, x, xOffset, into, c);
            } else if (c + LANES <= columns) {
                oneVector(block, rows, x, xOffset, into, c);
            } else {
                // the last few columns (all seven of a 7-step head) in one vector, through a copy of their sums
                float[] sums = new float[LANES];
                System.arraycopy(into, c, sums, 0, columns - c);
                oneVector(block, rows, x, xOffset, sums, 0);
                System.arraycopy(sums, 0, into, c, columns - c);
            }
            c += width;
        }
    }

    private static void eightVectors(float[] block, int rows, float[] x, int xOffset, float[] into, int c) {
        FloatVector sum0 = FloatVector.fromArray(SPECIES, into, c);
        FloatVector sum1 = FloatVector.fromArray(SPECIES, into, c + LANES);
        FloatVector sum2 = FloatVector.fromArray(SPECIES, into, c + 2 * LANES);
        FloatVector sum3 = FloatVector.fromArray(SPECIES, into, c + 3 * LANES);
        FloatVector sum4 = FloatVector.fromArray(SPECIES, into, c + 4 * LANES);
        FloatVector sum5 = FloatVector.fromArray(SPECIES, into, c + 5 * LANES);
        FloatVector sum6 = FloatVector.fromArray(SPECIES, into, c + 6 * LANES);
        FloatVector sum7 = FloatVector.fromArray(SPECIES, into, c + 7 * LANES);
        for (int r = 0, i = 0; r < rows; r++, i += 8 * LANES) {
            FloatVector a = FloatVector.broadcast(SPECIES, x[xOffset + r]);
            sum0 = a.fma(FloatVector.fromArray(SPECIES, block, i), sum0);
            sum1 = a.fma(FloatVector.fromArray(SPECIES, block, i + LANES), sum1);
            sum2 = a.fma(FloatVector.fromArray(SPECIES, block, i + 2 * LANES), sum2);
            sum3 = a.fma(FloatVector.fromArray(SPECIES, block, i + 3 * LANES), sum3);
            sum4 = a.fma(FloatVector.fromArray(SPECIES, block, i + 4 * LANES), sum4);
            sum5 = a.fma(FloatVector.fromArray(SPECIES, block, i + 5 * LANES), sum5);
            sum6 = a.fma(FloatVector.fromArray(SPECIES, block, i + 6 * LANES), sum6);
            sum7 = a.fma(FloatVector.fromArray(SPECIES, block, i + 7 * LANES), sum7);
        }
        sum0.intoArray(into, c);
        sum1.intoArray(into, c + LANES);
        sum2.intoArray(into, c + 2 * LANES);
        sum3.intoArray(into, c + 3 * LANES);
        sum4.intoArray(into, c + 4 * LANES);
        sum5.intoArray(into, c + 5 * LANES);
        sum6.intoArray(into, c + 6 * LANES);
        sum7.intoArray(into, c + 7 * LANES);
    }

    private static void twoVectors(float[] block, int rows, float[] x, int xOffset, float[] into, int c) {
        FloatVector sum0 = FloatVector.fromArray(SPECIES, into, c);
        FloatVector sum1 = FloatVector.fromArray(SPECIES, into, c + LANES);
        for (int r = 0, i = 0; r < rows; r++, i += 2 * LANES) {
            FloatVector a = FloatVector.broadcast(SPECIES, x[xOffset + r]);
            sum0 = a.fma(FloatVector.fromArray(SPECIES, block, i), sum0);
            sum1 = a.fma(FloatVector.fromArray(SPECIES, block, i + LANES), sum1);
        }
        sum0.intoArray(into, c);
        sum1.intoArray(into, c + LANES);
    }

    private static void oneVector(float[] block, int rows, float[] x, int xOffset, float[] into, int c) {
        FloatVector sum = FloatVector.fromArray(SPECIES, into, c);
        for (int r = 0, i = 0; r < rows; r++, i += LANES) {
            sum = FloatVector.broadcast(SPECIES, x[xOffset + r]).fma(FloatVector.fromArray(SPECIES, block, i), sum);
        }
        sum.intoArray(into, c);
    }

    /** The width of the next column block when {@code remaining} columns are left (the last padded to a vector). */
    private static int blockWidth(int remaining) {
        if (remaining >= 8 * LANES) {
            return 8 * LANES;
        }
        return remaining >= 2 * LANES ? 2 * LANES : LANES;
    }


    /**
     * In passes over arrays, with the tanh polynomial in one method ({@link #activate}): the gate functions written
     * over the pre-activations, the new cell written over the candidates, its tanh in place, then h. C2 stops inlining
     * within one compilation once its node budget is spent (the Vector API's calls are large until optimised), and a
     * vector handed to or returned from a call that was not inlined is boxed on the heap: with the five tanh of a unit
     * written out in one loop the step took twice as long. Only arrays cross these calls.
     */
    @Override
    void cellUpdate(float[] gates, float[] cell, float[] hidden, int offset, int units) {
        activate(gates, 0, units, false);
        activate(gates, units, 4 * units, true);
        newCell(gates, cell, offset, units);
        activate(gates, 0, units, false);
        newHidden(gates, hidden, offset, units);
    }

    /** {@code values[from, to)} replaced by their {@link LstmKernels#tanh}, or their {@link LstmKernels#sigmoid}. */
    private static void activate(float[] values, int from, int to, boolean sigmoid) {
        int j = from;
        for (; j <= to - LANES; j += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, values, j);
            if (sigmoid) {
                x = x.mul(0.5f);
            }
            FloatVector clamped = x.min(TANH_LIMIT).max(-TANH_LIMIT);
            FloatVector x2 = clamped.mul(clamped);
            FloatVector p = x2.fma(ALPHA_13_LANES, ALPHA_11_LANES);
            p = x2.fma(p, ALPHA_9_LANES);
            p = x2.fma(p, ALPHA_7_LANES);
            p = x2.fma(p, ALPHA_5_LANES);
            p = x2.fma(p, ALPHA_3_LANES);
            p = x2.fma(p, ALPHA_1_LANES);
            p = clamped.mul(p);
            FloatVector q = x2.fma(BETA_6_LANES, BETA_4_LANES);
            q = x2.fma(q, BETA_2_LANES);
            q = x2.fma(q, BETA_0_LANES);
            FloatVector tanh = p.div(q);
            (sigmoid ? tanh.fma(0.5f, 0.5f) : tanh).intoArray(values, j);
        }
        for (; j < to; j++) {
            values[j] = sigmoid ? LstmKernels.sigmoid(values[j]) : LstmKernels.tanh(values[j]);
        }
    }

    /** c' = f·c + g·a into {@code cell}, and over the candidates a, for {@link #activate} to take its tanh. */
    private static void newCell(float[] gates, float[] cell, int offset, int units) {
        int j = 0;
        for (; j <= units - LANES; j += LANES) {
            FloatVector candidate = FloatVector.fromArray(SPECIES, gates, j);
            FloatVector forget = FloatVector.fromArray(SPECIES, gates, units + j);
            FloatVector in = FloatVector.fromArray(SPECIES, gates, 3 * units + j);
            FloatVector c = forget.fma(FloatVector.fromArray(SPECIES, cell, offset + j), in.mul(candidate));
            c.intoArray(cell, offset + j);
            c.intoArray(gates, j);
        }
        for (; j < units; j++) {
            float c = Math.fma(gates[units + j], cell[offset + j], gates[3 * units + j] * gates[j]);
            cell[offset + j] = c;
            gates[j] = c;
        }
    }

    /** h' = o·tanh(c'), tanh(c') being where the candidates were. */
    private static void newHidden(float[] gates, float[] hidden, int offset, int units) {
        int j = 0;
        for (; j <= units - LANES; j += LANES) {
            FloatVector.fromArray(SPECIES, gates, 2 * units + j).mul(FloatVector.fromArray(SPECIES, gates, j))
                    .intoArray(hidden, offset + j);
        }
        for (; j < units; j++) {
            hidden[offset + j] = gates[2 * units + j] * gates[j];
        }
    }
}
