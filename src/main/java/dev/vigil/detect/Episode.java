package dev.vigil.detect;

import dev.vigil.avro.LastEpisode;

/**
 * A key's anomaly episode: one incident is one episode, however many readings it flags. Opens at the first
 * flagged reading, stays open while readings keep being flagged, and closes after {@code closeAfter}
 * unflagged readings in a row (hysteresis). Immutable; its stored form is {@link LastEpisode}.
 *
 * @param id        id of the current or last episode, 0 before the first
 * @param open      whether an episode is open
 * @param startedAt event time of the reading that opened it
 * @param peak      highest score while open
 * @param calmSteps unflagged readings in a row while open
 */
public record Episode(long id, boolean open, long startedAt, double peak, int calmSteps) {

    public static final Episode NONE = new Episode(0, false, 0, 0.0, 0);

    public static Episode from(LastEpisode stored) {
        return new Episode(stored.getId(), stored.getOpen(), stored.getStartedAt(), stored.getPeak(),
                stored.getCalmSteps());
    }

    public LastEpisode toAvro() {
        return new LastEpisode(id, open, startedAt, peak, calmSteps);
    }

    /** What a reading did to the episode. */
    public enum Transition { NONE, OPENED, CLOSED }

    /** The episode after a reading, and what changed. */
    public record Step(Episode episode, Transition transition) {
    }

    public Step next(boolean flagged, double score, long eventTime, int closeAfter) {
        if (!open) {
            return flagged
                    ? new Step(new Episode(id + 1, true, eventTime, score, 0), Transition.OPENED)
                    : new Step(this, Transition.NONE);
        }
        if (flagged) {
            return new Step(new Episode(id, true, startedAt, Math.max(peak, score), 0), Transition.NONE);
        }
        int calm = calmSteps + 1;
        return calm >= closeAfter
                ? new Step(new Episode(id, false, startedAt, peak, 0), Transition.CLOSED)
                : new Step(new Episode(id, true, startedAt, peak, calm), Transition.NONE);
    }
}
