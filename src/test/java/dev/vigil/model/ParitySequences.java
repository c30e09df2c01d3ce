package dev.vigil.model;

import java.util.SplittableRandom;

import dev.vigil.series.SyntheticSeries;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The input sequences the parity tests run through DL4J and through the plain-Java steps alike. */
final class ParitySequences {

    /** The sensor's cycle, in steps. */
    static final int DAY = 24;

    private ParitySequences() {
    }

    /**
     * A scaled sensor as the scorer feeds it: a daily cycle of {@value #DAY} steps with noise and a level shift
     * halfway, and for a seasonal model the values one day before each of the next steps ({@link NetworkInput}),
     * unknown during the first day.
     */
    static float[][] sensorSequence(ModelSpec spec, int steps, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[steps];
        for (int t = 0; t < steps; t++) {
            values[t] = (float) (Math.sin(2 * Math.PI * t / DAY) + (t < steps / 2 ? 0 : 1.5)
                    + 0.2 * random.nextGaussian());
        }
        float[][] sequence = new float[steps][];
        for (int t = 0; t < steps; t++) {
            float[] dayAgo = NetworkInput.unknown(spec.horizon());
            for (int h = 0; h < spec.horizon(); h++) {
                int ago = t + 1 + h - DAY;
                if (ago >= 0) {
                    dayAgo[h] = values[ago];
                }
            }
            sequence[t] = NetworkInput.of(spec, values[t], dayAgo);
        }
        return sequence;
    }

    /**
     * Windows of 48 steps cut from twelve generated series of 600 (seeded), split into four fifths to train on and a
     * fifth held out: what the parity tests train a model of {@code spec} on.
     */
    static TrainingWindows[] generatedWindows(ModelSpec spec) {
        TrainingWindows all = new TrainingWindows(48, spec);
        for (double[] series : SyntheticSeries.generate(12, 600, 21)) {
            all.addSeries(series, DAY, 2000, 24);
        }
        return all.split(0.2, 1);
    }

    /** One sequence in DL4J's layout, [1, inputs, time]. */
    static INDArray features(float[][] sequence) {
        int inputs = sequence[0].length;
        float[] flat = new float[inputs * sequence.length];
        for (int t = 0; t < sequence.length; t++) {
            for (int f = 0; f < inputs; f++) {
                flat[f * sequence.length + t] = sequence[t][f];
            }
        }
        return Nd4j.create(flat, new long[] {1, inputs, sequence.length}, 'c');
    }
}
