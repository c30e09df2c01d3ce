package dev.vigil.detect;

import dev.vigil.avro.StuckState;

/**
 * A sensor repeating the very same value: how rare the current run of repeats is for this key. Each reading
 * repeats the previous one with the key's own running repeat rate p, so a run of r repeats has probability about
 * p^r and scores {@code r * -log10(p) / decades}. A key whose values never repeat is judged stuck within a few
 * readings; a flat or coarsely quantised key (p near 1) never is. A run at the key's floor, the lowest value it has
 * shown, is a key at rest, not a stuck one (decision 0035). Immutable; its stored form is {@link StuckState}.
 *
 * @param run         repeats in a row, up to and including the last reading
 * @param repeatRate  running share of readings that repeated the one before
 * @param count       readings judged so far
 */
public record StuckValue(int run, double repeatRate, long count) {

    public static final StuckValue NONE = new StuckValue(0, 0.0, 0);

    public static StuckValue from(StuckState stored) {
        return new StuckValue(stored.getRun(), stored.getRepeatRate(), stored.getCount());
    }

    public StuckState toAvro() {
        return new StuckState(run, repeatRate, count);
    }

    /** The state after a reading that did ({@code repeated}) or did not repeat the previous value. */
    public StuckValue next(boolean repeated, int memory) {
        long n = count + 1;
        double alpha = Math.max(1.0 / n, 1.0 / memory);
        return new StuckValue(repeated ? run + 1 : 0, repeatRate + alpha * ((repeated ? 1.0 : 0.0) - repeatRate), n);
    }

    /**
     * The score of the run this reading makes, judged against the rate before it (so a run does not excuse
     * itself), a rarity ({@link PublishedScore}). A run as long as the memory is the key's normal by now (a flat
     * sensor), not news. Nor is a run at the key's floor ({@code atFloor}: the value is the lowest it has shown): a
     * count of zero, an idle machine's 0% or a closed valve repeats its floor for as long as it rests, far more often
     * than the key's repeat rate over all its values says, while a sensor that freezes does so wherever its value
     * happens to be.
     */
    public double surprise(boolean repeated, boolean atFloor, int memory, double decades) {
        if (!repeated || atFloor || run + 1 >= memory) {
            return 0.0;
        }
        // Laplace's rule keeps a young key's rate off 0 and 1; the floor says "never seen" is not "impossible"
        double seen = Math.min(count, memory);
        double rate = (repeatRate * seen + 1) / (seen + 2);
        rate = Math.min(Math.max(rate, 1.0 / (seen + 2)), 1 - 1e-9);
        return (run + 1) * -Math.log10(rate) / decades;
    }
}
