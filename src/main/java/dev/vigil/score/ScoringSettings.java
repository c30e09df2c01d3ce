package dev.vigil.score;

/**
 * How each reading is scored. Built from the validated configuration; every field is already range-checked.
 *
 * @param horizon          H, steps forecast at every reading
 * @param recentWindow     W, raw values kept per key
 * @param warmupSteps      readings before a key may be flagged
 * @param scalerMemory     memory of the per-key scaler, in readings
 * @param intervalZ        half-width of the prediction interval, in one-step error standard deviations
 * @param shortWindow      recent errors averaged by the likelihood
 * @param longMemory       memory of the error history, in readings
 * @param flagThreshold    likelihood at or above which a reading is flagged
 * @param closeAfterSteps  unflagged readings in a row that close an episode
 */
public record ScoringSettings(
        int horizon,
        int recentWindow,
        int warmupSteps,
        int scalerMemory,
        double intervalZ,
        int shortWindow,
        int longMemory,
        double flagThreshold,
        int closeAfterSteps) {
}
