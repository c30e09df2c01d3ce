package dev.vigil.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training examples in the key's own scaling: a window of {@code length} scaled inputs and, at every step of
 * it, the next H values scaled the same way the scorer scales them at that step.
 */
public final class TrainingWindows {

    /** One window: {@code inputs[t]} and {@code targets[t][h]}, the value h+1 steps after t. */
    public record Window(float[] inputs, float[][] targets) {
    }

    private final int length;
    private final int horizon;
    private final List<Window> windows = new ArrayList<>();

    public TrainingWindows(int length, int horizon) {
        this.length = length;
        this.horizon = horizon;
    }

    public int length() {
        return length;
    }

    public int horizon() {
        return horizon;
    }

    public List<Window> windows() {
        return Collections.unmodifiableList(windows);
    }

    public int size() {
        return windows.size();
    }

    /**
     * Cuts one series into windows every {@code stride} steps, scaling as the scorer would: the running scaler
     * is updated with each value before it scales that value and the targets after it.
     */
    public void addSeries(double[] series, int scalerMemory, int stride) {
        // a value that is not a number (a gap or a typo in a CSV) is left out, as the scorer dead-letters it
        double[] values = Arrays.stream(series).filter(Double::isFinite).toArray();
        int n = values.length;
        float[] scaled = new float[n];
        float[][] targets = new float[n][horizon];
        RunningScaler scaler = RunningScaler.EMPTY;
        for (int t = 0; t < n; t++) {
            scaler = scaler.update(values[t], scalerMemory);
            scaled[t] = scaler.toScaled(values[t]);
            for (int h = 0; h < horizon && t + h + 1 < n; h++) {
                targets[t][h] = scaler.toScaled(values[t + h + 1]);
            }
        }
        for (int start = 0; start + length + horizon <= n; start += stride) {
            float[] in = new float[length];
            float[][] out = new float[length][];
            for (int t = 0; t < length; t++) {
                in[t] = scaled[start + t];
                out[t] = targets[start + t];
            }
            windows.add(new Window(in, out));
        }
    }

    /**
     * Adds one window from {@code length + horizon} consecutive values already in the key's scaling: inputs are
     * the first {@code length}, the targets of step t the {@code horizon} values after it.
     */
    public void addSequence(float[] scaled) {
        if (scaled.length != length + horizon) {
            throw new IllegalArgumentException("a window needs " + (length + horizon) + " values, got "
                    + scaled.length);
        }
        float[] in = Arrays.copyOf(scaled, length);
        float[][] out = new float[length][];
        for (int t = 0; t < length; t++) {
            out[t] = Arrays.copyOfRange(scaled, t + 1, t + 1 + horizon);
        }
        windows.add(new Window(in, out));
    }

    /** Splits off the last {@code fraction} of windows (after a seeded shuffle) for validation. */
    public TrainingWindows[] split(double fraction, long seed) {
        List<Window> shuffled = new ArrayList<>(windows);
        Collections.shuffle(shuffled, new Random(seed));
        int validation = (int) Math.round(shuffled.size() * fraction);
        TrainingWindows train = new TrainingWindows(length, horizon);
        TrainingWindows held = new TrainingWindows(length, horizon);
        train.windows.addAll(shuffled.subList(0, shuffled.size() - validation));
        held.windows.addAll(shuffled.subList(shuffled.size() - validation, shuffled.size()));
        return new TrainingWindows[] {train, held};
    }
}
