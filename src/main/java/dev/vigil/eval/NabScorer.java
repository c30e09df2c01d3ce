package dev.vigil.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring rules (from the NAB data pack's README and NAB's sweeper):
 * probationary rows unscored; in a window only the earliest alarm counts, rewarded by a scaled sigmoid of its
 * position (full at the window's start, about 0 at its end); a missed window costs {@code A_FN}; an alarm
 * outside windows costs {@code A_FP}, less just after a window; one threshold for all files, chosen to maximise
 * the total; normalised against the null and perfect detectors.
 */
public final class NabScorer {

    /** A profile's weights. */
    public record Profile(String name, double truePositive, double falsePositive, double falseNegative) {
        public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
        public static final Profile LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
        public static final Profile LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
        public static final List<Profile> ALL = List.of(STANDARD, LOW_FP, LOW_FN);
    }

    /** One file: a score per row, and its windows as inclusive row-index ranges, in time order. */
    public record Series(String name, double[] scores, List<int[]> windows) {

        /** NAB's probationary period: the first min(floor(0.15 * rows), 750) rows are not scored. */
        public int probation() {
            return Math.min((int) Math.floor(0.15 * scores.length), 750);
        }
    }

    /** The best threshold for a profile, the raw total there, and the normalised score. */
    public record Result(Profile profile, double threshold, double raw, double normalised, int windows,
                         int detected, int falseAlarms) {
    }

    private NabScorer() {
    }

    /** NAB's scaled sigmoid of a relative position: 1-ish well before 0, -1 far after. */
    static double scaledSigmoid(double position) {
        if (position > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
    }

    /** Scores every file at one threshold. */
    public static Result scoreAt(List<Series> files, Profile profile, double threshold) {
        double raw = 0;
        int windows = 0;
        int detected = 0;
        int falseAlarms = 0;
        for (Series file : files) {
            RowWeights weights = RowWeights.of(file, profile);
            boolean[] windowHit = new boolean[file.windows().size()];
            for (int row = file.probation(); row < file.scores().length; row++) {
                if (file.scores()[row] < threshold) {
                    continue;
                }
                int window = weights.window[row];
                if (window >= 0) {
                    if (!windowHit[window]) {
                        windowHit[window] = true;
                        raw += weights.weight[row];
                        detected++;
                    }
                } else {
                    raw += weights.weight[row];
                    falseAlarms++;
                }
            }
            for (boolean hit : windowHit) {
                raw -= hit ? 0 : profile.falseNegative();
            }
            windows += windowHit.length;
        }
        return new Result(profile, threshold, raw, normalise(raw, windows, profile), windows, detected, falseAlarms);
    }

    /**
     * The threshold that maximises the total, found by sweeping every distinct score from high to low and
     * scoring each exactly (rows become alarms one score level at a time).
     */
    public static Result optimise(List<Series> files, Profile profile) {
        List<double[]> rows = new ArrayList<>();
        List<RowWeights> weights = new ArrayList<>();
        int totalWindows = 0;
        for (int f = 0; f < files.size(); f++) {
            Series file = files.get(f);
            weights.add(RowWeights.of(file, profile));
            totalWindows += file.windows().size();
            for (int row = file.probation(); row < file.scores().length; row++) {
                rows.add(new double[] {file.scores()[row], f, row});
            }
        }
        rows.sort(Comparator.comparingDouble((double[] r) -> -r[0]));
        int[][] earliest = new int[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            earliest[f] = new int[files.get(f).windows().size()];
            Arrays.fill(earliest[f], Integer.MAX_VALUE);
        }
        double truePositives = 0;
        double falsePositives = 0;
        int detected = 0;
        int falseAlarms = 0;
        Result best = new Result(profile, Double.POSITIVE_INFINITY, -profile.falseNegative() * totalWindows, 0.0,
                totalWindows, 0, 0);
        for (int i = 0; i < rows.size(); ) {
            double level = rows.get(i)[0];
            for (; i < rows.size() && rows.get(i)[0] == level; i++) {
                int f = (int) rows.get(i)[1];
                int row = (int) rows.get(i)[2];
                RowWeights w = weights.get(f);
                int window = w.window[row];
                if (window < 0) {
                    falsePositives += w.weight[row];
                    falseAlarms++;
                } else if (row < earliest[f][window]) {
                    if (earliest[f][window] == Integer.MAX_VALUE) {
                        detected++;
                    } else {
                        truePositives -= w.weight[earliest[f][window]];
                    }
                    earliest[f][window] = row;
                    truePositives += w.weight[row];
                }
            }
            double raw = truePositives + falsePositives - profile.falseNegative() * (totalWindows - detected);
            if (raw > best.raw()) {
                best = new Result(profile, level, raw, normalise(raw, totalWindows, profile), totalWindows, detected,
                        falseAlarms);
            }
        }
        return best;
    }

    static double normalise(double raw, int windows, Profile profile) {
        double perfect = profile.truePositive() * windows;
        double nothing = -profile.falseNegative() * windows;
        return perfect == nothing ? 0 : 100 * (raw - nothing) / (perfect - nothing);
    }

    /** What an alarm at each row is worth, and which window (or -1) the row is in. */
    private record RowWeights(double[] weight, int[] window) {

        static RowWeights of(Series file, Profile profile) {
            int rows = file.scores().length;
            double[] weight = new double[rows];
            int[] window = new int[rows];
            Arrays.fill(window, -1);
            double maxTruePositive = scaledSigmoid(-1.0);
            int previousEnd = -1;
            int previousWidth = 0;
            int next = 0;
            for (int row = 0; row < rows; row++) {
                while (next < file.windows().size() && file.windows().get(next)[1] < row) {
                    previousEnd = file.windows().get(next)[1];
                    previousWidth = file.windows().get(next)[1] - file.windows().get(next)[0] + 1;
                    next++;
                }
                if (next < file.windows().size() && row >= file.windows().get(next)[0]) {
                    int[] limits = file.windows().get(next);
                    int width = limits[1] - limits[0] + 1;
                    double position = -(limits[1] - row + 1.0) / width;
                    weight[row] = scaledSigmoid(position) / maxTruePositive * profile.truePositive();
                    window[row] = next;
                } else if (previousEnd < 0) {
                    weight[row] = -profile.falsePositive();
                } else {
                    double position = Math.abs(previousEnd - row) / (double) Math.max(1, previousWidth - 1);
                    weight[row] = scaledSigmoid(position) * profile.falsePositive();
                }
            }
            return new RowWeights(weight, window);
        }
    }
}
