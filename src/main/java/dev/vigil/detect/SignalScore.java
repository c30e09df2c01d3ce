package dev.vigil.detect;

/**
 * A score and the signal that gave it: the strongest of a reading's signals, or what an episode publishes.
 *
 * @param signal the signal, null where nothing scored (a score of 0)
 * @param score  the rarity, at least 0 (published through {@link PublishedScore})
 */
public record SignalScore(Signal signal, double score) {

    /** Nothing scored yet. */
    public static final SignalScore NONE = new SignalScore(null, 0.0);

    /** This, or {@code signal}'s {@code score} where it is stronger (on a tie the first stays). */
    public SignalScore or(Signal signal, double score) {
        return score > this.score ? new SignalScore(signal, score) : this;
    }

    /** The same signal with another score (damped, or lowered by the key's alarm rate); none if that is 0. */
    public SignalScore withScore(double lowered) {
        return new SignalScore(lowered > 0 ? signal : null, lowered);
    }
}
