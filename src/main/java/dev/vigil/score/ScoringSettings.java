package dev.vigil.score;

/**
 * How each reading is scored. Built from the validated configuration; every field is already range-checked.
 *
 * @param horizon          H, steps forecast at every reading
 * @param recentWindow     W, raw values kept per key
 * @param dayMaxRows       most readings a day for which a key's last day is kept (the day-ago inputs); 0 for none
 * @param warmupSteps      readings before a key may be flagged
 * @param scalerMemory     memory of the per-key scaler, in readings
 * @param intervalZ        half-width of the prediction interval, in one-step error standard deviations
 * @param shortWindow      recent errors averaged by the likelihood
 * @param longMemory       memory of the error history, in readings
 * @param flagThreshold    score at or above which a reading is flagged
 * @param closeAfterSteps  unflagged readings in a row that close an episode
 * @param scoreDecades     decades of tail probability that make a score of 1 (the score's log scale)
 * @param driftWindow      recent values whose newer half the drift signal compares with the older half
 * @param driftDecades     decades of tail probability that make a drift-signal score (and a seasonal one) of 1
 * @param seasonWindow     recent values whose median the seasonal signal compares with a day earlier; 0 for none
 * @param rangeNoiseMultiple one-step error sizes a value must fall outside the key's range by to break it
 * @param rangeMatureSteps readings a key's range must have held before a value beyond it counts
 * @param combinerEnabled  whether the published forecast is the combiner's (true) or the network's own
 * @param combinerMemory   memory of each key's forecast combiner, in readings
 * @param levelAlpha       weight of the newest value in the level the combiner leans on
 * @param openDamping      factor on the published score while an episode is open (one incident, one high score)
 * @param confirmSteps     readings after an episode opens at which it publishes its score, the strongest of them
 * @param expectedEpisodes episodes a key may publish within {@code longMemory} readings before each further one's
 *                         strength is lowered by how often the key alarms ({@link dev.vigil.detect.AlarmRate})
 */
public record ScoringSettings(
        int horizon,
        int recentWindow,
        int dayMaxRows,
        int warmupSteps,
        int scalerMemory,
        double intervalZ,
        int shortWindow,
        int longMemory,
        double flagThreshold,
        int closeAfterSteps,
        double scoreDecades,
        int driftWindow,
        double driftDecades,
        int seasonWindow,
        double rangeNoiseMultiple,
        int rangeMatureSteps,
        boolean combinerEnabled,
        int combinerMemory,
        double levelAlpha,
        double openDamping,
        int confirmSteps,
        double expectedEpisodes) {
}
