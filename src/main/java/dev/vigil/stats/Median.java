package dev.vigil.stats;

import java.util.Arrays;

/** The median of a few values, as the detectors' robust level of a stretch of readings. */
public final class Median {

    private Median() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count); sorts them in place. */
    public static double ofSorting(double[] values) {
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
