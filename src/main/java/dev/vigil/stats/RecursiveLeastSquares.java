package dev.vigil.stats;

/**
 * Recursive least squares with exponential forgetting, on a state packed into a slice of a {@code double[]} so that
 * a key's regressions are stored as one array: the {@code width} weights, then the upper triangle of the inverse
 * covariance P row by row ({@link #size}). Each update costs O(width²) and no allocation.
 */
public final class RecursiveLeastSquares {

    private RecursiveLeastSquares() {
    }

    /** Doubles one regression of {@code width} features takes. */
    public static int size(int width) {
        return width + width * (width + 1) / 2;
    }

    /** A fresh regression at {@code at}: weights 0, P = prior × identity (the larger, the faster the first fits). */
    public static void reset(double[] state, int at, int width, double prior) {
        java.util.Arrays.fill(state, at, at + size(width), 0.0);
        for (int i = 0; i < width; i++) {
            state[at + width + index(width, i, i)] = prior;
        }
    }

    public static double predict(double[] state, int at, int width, double[] x) {
        double sum = 0;
        for (int i = 0; i < width; i++) {
            sum += state[at + i] * x[i];
        }
        return sum;
    }

    /**
     * Learns one pair: the weights move toward {@code y} at {@code x}, and P forgets by {@code forgetting} per update.
     *
     * @param scratch at least {@code width} doubles of working space
     */
    public static void update(double[] state, int at, int width, double[] x, double y, double forgetting,
                              double[] scratch) {
        int p = at + width;
        double gain = forgetting;
        for (int i = 0; i < width; i++) {
            double px = 0;
            for (int j = 0; j < width; j++) {
                px += state[p + index(width, Math.min(i, j), Math.max(i, j))] * x[j];
            }
            scratch[i] = px;
            gain += x[i] * px;
        }
        double error = y - predict(state, at, width, x);
        for (int i = 0; i < width; i++) {
            state[at + i] += scratch[i] * error / gain;
        }
        for (int i = 0; i < width; i++) {
            for (int j = i; j < width; j++) {
                int k = p + index(width, i, j);
                state[k] = (state[k] - scratch[i] * scratch[j] / gain) / forgetting;
            }
        }
    }

    /** Position of P[i][j], i ≤ j, in the packed upper triangle. */
    private static int index(int width, int i, int j) {
        return i * width - i * (i - 1) / 2 + (j - i);
    }
}
