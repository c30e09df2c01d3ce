package dev.vigil.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arithmetic of the plain-Java LSTM step: a matrix-vector product into the gates, and the gate nonlinearities
 * with the cell update. Two implementations give the same bits (the same fused multiply-adds in the same order, the
 * same approximations of tanh and the sigmoid): {@link ScalarLstmKernels}, plain loops, and {@code
 * VectorLstmKernels}, the JDK's Vector API, about four times faster: 1.0 µs against 4.0 µs per key-step of 1 × 64
 * units (docs/decisions/0011-vector-api-step.md).
 *
 * <p>The Vector API is an incubator module on JDK 17: a JVM sees it only when started with {@code --add-modules
 * jdk.incubator.vector}. {@link #best()} takes the vector kernels when the module is in the boot layer, and the scalar
 * ones otherwise; the vector class is loaded by name, and only after that check, so a JVM without the module never
 * touches it.
 */
abstract class LstmKernels {

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String VECTOR_KERNELS = "dev.vigil.model.VectorLstmKernels";

    /** Clamp of {@link #tanh}: beyond it the rational form leaves [-1, 1]; tanh(±7.9988) is 1 to within 2.3e-7. */
    static final float TANH_LIMIT = 7.99881172180175781f;
    // Eigen's rational approximation of tanh on [-TANH_LIMIT, TANH_LIMIT] (odd numerator of degree 13, even
    // denominator of degree 6): 2.7e-7 at worst against Math.tanh over [-30, 30], 1.7e-7 for the sigmoid.
    static final float ALPHA_1 = 4.89352455891786e-03f;
    static final float ALPHA_3 = 6.37261928875436e-04f;
    static final float ALPHA_5 = 1.48572235717979e-05f;
    static final float ALPHA_7 = 5.12229709037114e-08f;
    static final float ALPHA_9 = -8.60467152213735e-11f;
    static final float ALPHA_11 = 2.00018790482477e-13f;
    static final float ALPHA_13 = -2.76076847742355e-16f;
    static final float BETA_0 = 4.89352518554385e-03f;
    static final float BETA_2 = 2.26843463243900e-03f;
    static final float BETA_4 = 1.18534705686654e-04f;
    static final float BETA_6 = 1.19825839466702e-06f;

    /** The kernels of this JVM, chosen once. */
    static LstmKernels best() {
        return Best.KERNELS;
    }

    /** The vector kernels when the module is there (and vectors of at least 4 floats pay), else the scalar ones. */
    static LstmKernels select(boolean vectorModulePresent) {
        if (!vectorModulePresent) {
            return ScalarLstmKernels.INSTANCE;
        }
        try {
            LstmKernels vector = (LstmKernels) Class.forName(VECTOR_KERNELS).getDeclaredConstructor().newInstance();
            if (vector.lanes() >= 4) {
                return vector;
            }
            Holder.LOG.info("The Vector API offers {} float lanes here: the scalar LSTM step is as fast",
                    vector.lanes());
        } catch (ReflectiveOperationException | LinkageError e) {
            Holder.LOG.warn("{} is present but the vector LSTM step could not be loaded; stepping with the scalar one",
                    VECTOR_MODULE, e);
        }
        return ScalarLstmKernels.INSTANCE;
    }

    /** "scalar" or "vector": what a benchmark or a log line reports. */
    abstract String name();

    /** Floats per vector operation: 1 for the scalar kernels. */
    abstract int lanes();

    /**
     * A weight matrix, given row after row ({@code rows × columns}, one row per input: DL4J's {@code [nIn, 4H]} read in
     * C order), in the layout {@link #multiplyAdd} of these kernels reads.
     */
    abstract float[][] pack(float[] matrix, int rows, int columns);

    /**
     * {@code into[c] += Σ_r x[xOffset + r] · M[r][c]} for {@code r < rows}, {@code c < into.length}, with {@code M} a
     * matrix of these kernels' {@link #pack}: for each column, one fused multiply-add per row, rows in order. The order
     * makes each sum independent of the lanes, so every machine and both kernels give the same bits.
     */
    abstract void multiplyAdd(float[][] packed, int rows, float[] x, int xOffset, float[] into);

    /**
     * One layer's gates to its new state. {@code gates} holds the pre-activations in DL4J's block order [a | f | o | g]
     * of {@code units} each: candidate a = tanh(·), forget f, output o and input g = σ(·); then c' = f·c + g·a and h' =
     * o·tanh(c'), written into {@code cell} and {@code hidden} at {@code offset}. {@code gates} is scratch: the kernels
     * may overwrite it.
     */
    abstract void cellUpdate(float[] gates, float[] cell, float[] hidden, int offset, int units);

    /** {@code scalar kernels} or, e.g., {@code 16-lane vector kernels}. */
    String description() {
        return lanes() == 1 ? name() + " kernels" : lanes() + "-lane " + name() + " kernels";
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * tanh to 2.7e-7 with fused multiply-adds and one division, no {@code exp}: the reference each vector lane
     * repeats operation for operation.
     */
    static float tanh(float x) {
        float clamped = Math.max(-TANH_LIMIT, Math.min(TANH_LIMIT, x));
        float x2 = clamped * clamped;
        float p = Math.fma(x2, ALPHA_13, ALPHA_11);
        p = Math.fma(x2, p, ALPHA_9);
        p = Math.fma(x2, p, ALPHA_7);
        p = Math.fma(x2, p, ALPHA_5);
        p = Math.fma(x2, p, ALPHA_3);
        p = Math.fma(x2, p, ALPHA_1);
        p = clamped * p;
        float q = Math.fma(x2, BETA_6, BETA_4);
        q = Math.fma(x2, q, BETA_2);
        q = Math.fma(x2, q, BETA_0);
        return p / q;
    }

    /** σ(x) = (1 + tanh(x/2)) / 2, to 1.7e-7. */
    static float sigmoid(float x) {
        return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
    }

    /**
     * The choice, in a class of its own. As a field of this class it would run inside this class's initialisation,
     * which initialising {@code VectorLstmKernels} triggers first: loaded that way, the vector kernels would report
     * their lanes before their own initialisation had set them.
     */
    private static final class Best {
        static final LstmKernels KERNELS = select(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
    }

    /** Loaded only when a line is logged: the hot path never touches it. */
    private static final class Holder {
        static final Logger LOG = LoggerFactory.getLogger(LstmKernels.class);
    }
}
