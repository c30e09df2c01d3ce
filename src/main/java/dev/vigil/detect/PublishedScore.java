package dev.vigil.detect;

/**
 * The anomaly score a reading publishes, from its rarity. Every signal scores a reading by its rarity in units of
 * {@code detect.score.decades} ({@code -log10 p / decades}: 1 is a reading as rare as one in 10^decades), not capped,
 * so that one incident far rarer than another stays ranked above it; the flag threshold and the episode rule work
 * on the rarity. A consumer needs a score in [0, 1]: rarities up to {@value #KNEE} are published as they are, and
 * the rest is brought under 1, keeping their order.
 *
 * <p>Why not the rarity capped at 1, as before: a key that keeps alarming publishes its episodes lowered by its
 * alarm rate ({@link AlarmRate}), and with every incident beyond 1 capped there, a bursty key's incidents all came
 * out at the same level (0.91–0.96), wherever a threshold learnt on quieter keys fell: NAB's Twitter files lost most
 * of their incidents to the threshold learnt on the other categories. Uncapped, an incident of twelve decades
 * stays above a burst of nine after the same lowering (docs/decisions/0041).
 */
public final class PublishedScore {

    /** Rarities up to this are published as they are (the shipped flag threshold and damped scores lie below it). */
    static final double KNEE = 0.9;

    private PublishedScore() {
    }

    /**
     * The published score of {@code rarity} (at least 0): itself up to {@link #KNEE}, then {@code KNEE + room * x /
     * (x + room)} for {@code x} the rarity above the knee and {@code room} what is left to 1, rising towards 1 with the
     * same slope at the knee, never reaching it: 0.95 at a rarity of 1, 0.99 at 1.8, and below 1 however rare.
     */
    public static double of(double rarity) {
        if (rarity <= KNEE) {
            return rarity;
        }
        double room = 1.0 - KNEE;
        // the same as KNEE + room * x / (x + room), and finite for an infinite rarity
        return Math.min(Math.nextDown(1.0), 1.0 - room * room / (rarity - KNEE + room));
    }
}
