package dev.vigil.model;

/** A whole series to train on, and how many of its readings make a day (0: no daily cycle known). */
public record TrainingSeries(double[] values, int rowsPerDay) {

    public TrainingSeries {
        if (rowsPerDay < 0) {
            throw new IllegalArgumentException("rowsPerDay must not be negative: " + rowsPerDay);
        }
    }
}
