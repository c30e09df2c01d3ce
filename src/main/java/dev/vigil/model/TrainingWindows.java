package dev.vigil.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training examples in the key's own scaling: a window of {@code length} steps of the network's input
 * ({@link NetworkInput}) and, at every step of it, the next H values scaled the same way the scorer scales them at
 * that step.
 */
public final class TrainingWindows {

    /** One window: {@code inputs[t]} (the features of step t) and {@code targets[t][h]}, the value h+1 steps after t. */
    public record Window(float[][] inputs, float[][] targets) {
    }

    private final int length;
    /** The model whose inputs these are (only its inputs' layout and horizon matter here). */
    private final ModelSpec spec;
    private final List<Window> windows = new ArrayList<>();

    /** Windows for a network that reads the value alone. */
    public TrainingWindows(int length, int horizon) {
        this(length, new ModelSpec(0, 1, 1, horizon));
    }

    /** Windows for a network of {@code spec}'s inputs. */
    public TrainingWindows(int length, ModelSpec spec) {
        this.length = length;
        this.spec = spec;
    }

    public int length() {
        return length;
    }

    public int horizon() {
        return spec.horizon();
    }

    /** The model whose inputs these windows hold. */
    ModelSpec spec() {
        return spec;
    }

    /** Features per step. */
    public int width() {
        return spec.inputs();
    }

    public List<Window> windows() {
        return Collections.unmodifiableList(windows);
    }

    public int size() {
        return windows.size();
    }

    /**
     * Cuts one series into windows every {@code stride} steps, scaling as the scorer would: the running scaler
     * is updated with each value before it scales that value, its targets and its day-ago values.
     *
     * @param rowsPerDay readings a day in this series (the lag of the day-ago inputs); 0 for none
     */
    public void addSeries(double[] series, int rowsPerDay, int scalerMemory, int stride) {
        // a value that is not a number (a gap or a typo in a CSV) is left out, as the scorer dead-letters it
        double[] values = Arrays.stream(series).filter(Double::isFinite).toArray();
        int horizon = spec.horizon();
        int n = values.length;
        float[][] inputs = new float[n][];
        float[][] targets = new float[n][horizon];
        RunningScaler scaler = RunningScaler.EMPTY;
        float[] dayAgo = new float[horizon];
        for (int t = 0; t < n; t++) {
            scaler = scaler.update(values[t], scalerMemory);
            for (int h = 0; h < horizon; h++) {
                int back = t + h + 1 - rowsPerDay;
                // the scorer keeps a key's day as float32: so does training, so both see the very same inputs
                dayAgo[h] = rowsPerDay > 0 && back >= 0 ? scaler.toScaled((float) values[back]) : Float.NaN;
                if (t + h + 1 < n) {
                    targets[t][h] = scaler.toScaled(values[t + h + 1]);
                }
            }
            inputs[t] = new float[width()];
            NetworkInput.fill(inputs[t], spec, scaler.toScaled(values[t]),
                    t > 0 ? scaler.toScaled(values[t - 1]) : Float.NaN, dayAgo);
        }
        for (int start = 0; start + length + horizon <= n; start += stride) {
            windows.add(new Window(Arrays.copyOfRange(inputs, start, start + length),
                    Arrays.copyOfRange(targets, start, start + length)));
        }
    }

    /**
     * Adds one window from {@code length + horizon} consecutive values already in the key's scaling: inputs are
     * the first {@code length}, the targets of step t the {@code horizon} values after it.
     *
     * @param dayAgo per input step, its {@code horizon} day-ago values (NaN where not known), step after step; empty
     *               when none are known
     */
    public void addSequence(float[] scaled, float[] dayAgo) {
        int horizon = spec.horizon();
        if (scaled.length != length + horizon) {
            throw new IllegalArgumentException("a window needs " + (length + horizon) + " values, got "
                    + scaled.length);
        }
        boolean known = dayAgo.length == length * horizon;
        float[][] in = new float[length][width()];
        float[][] out = new float[length][];
        for (int t = 0; t < length; t++) {
            float[] lags = known ? Arrays.copyOfRange(dayAgo, t * horizon, (t + 1) * horizon) : null;
            // the window's first step has no previous value in it: a relative model reads no change there, as it
            // does at a key's first reading
            NetworkInput.fill(in[t], spec, scaled[t], t > 0 ? scaled[t - 1] : Float.NaN, lags);
            out[t] = Arrays.copyOfRange(scaled, t + 1, t + 1 + horizon);
        }
        windows.add(new Window(in, out));
    }

    /** Adds a window made elsewhere, of this set's length, horizon and width. */
    void add(Window window) {
        if (window.inputs().length != length || window.targets().length != length
                || window.inputs()[0].length != width() || window.targets()[0].length != horizon()) {
            throw new IllegalArgumentException("a window of " + length + " steps, " + width() + " inputs and "
                    + horizon() + " targets a step is needed");
        }
        windows.add(window);
    }

    /** Splits off the last {@code fraction} of windows (after a seeded shuffle) for validation. */
    public TrainingWindows[] split(double fraction, long seed) {
        List<Window> shuffled = new ArrayList<>(windows);
        Collections.shuffle(shuffled, new Random(seed));
        int validation = (int) Math.round(shuffled.size() * fraction);
        TrainingWindows train = new TrainingWindows(length, spec);
        TrainingWindows held = new TrainingWindows(length, spec);
        train.windows.addAll(shuffled.subList(0, shuffled.size() - validation));
        held.windows.addAll(shuffled.subList(shuffled.size() - validation, shuffled.size()));
        return new TrainingWindows[] {train, held};
    }
}
