package dev.vigil.series;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sensor-like series generated from a seed: the data the default model learns from, so nothing trained on a
 * benchmark ever ships. A mix of shapes real sensors have: daily and weekly cycles with noise, random walks,
 * autoregressive noise, square waves and plateaus, trends, and spiky counts.
 */
public final class SyntheticSeries {

    private SyntheticSeries() {
    }

    /** {@code count} series of {@code length} steps; the same seed gives the same series. */
    public static List<double[]> generate(int count, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> series = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            series.add(one(i % 6, length, random.split()));
        }
        return series;
    }

    private static double[] one(int kind, int length, SplittableRandom random) {
        int[] periods = {24, 48, 96, 144, 288};
        int period = periods[random.nextInt(periods.length)];
        double level = random.nextDouble(-50, 500);
        double amplitude = random.nextDouble(0.5, 50);
        double noise = amplitude * random.nextDouble(0.01, 0.3);
        double phase = random.nextDouble(0, 2 * Math.PI);
        double[] values = new double[length];
        double state = 0;
        for (int t = 0; t < length; t++) {
            double cycle = Math.sin(2 * Math.PI * t / period + phase);
            double value = switch (kind) {
                case 0 -> level + amplitude * (cycle + 0.3 * Math.sin(4 * Math.PI * t / period))
                        + noise * random.nextGaussian();
                case 1 -> level + (state += noise * random.nextGaussian());
                case 2 -> level + (state = 0.8 * state + noise * random.nextGaussian());
                case 3 -> level + (cycle >= 0 ? amplitude : 0) + noise * 0.2 * random.nextGaussian();
                case 4 -> level + amplitude * t / length + amplitude * 0.5 * cycle + noise * random.nextGaussian();
                default -> Math.max(0, level / 10 + amplitude * (1 + cycle)
                        + (random.nextDouble() < 0.02 ? amplitude * 2 : 0) + noise * random.nextGaussian());
            };
            values[t] = value;
        }
        return values;
    }
}
