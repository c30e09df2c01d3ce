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
 * @param age       readings since the one that opened it (0 on that one)
 * @param strength  the score the episode published ({@link Step#published}, then lowered by the key's
 *                  {@link AlarmRate}), or {@link #NO_STRENGTH} before it publishes
 * @param peakSignal the signal that scored the peak; null for an episode stored before it was kept
 */
public record Episode(long id, boolean open, long startedAt, double peak, int calmSteps, int age, double strength,
                      Signal peakSignal) {

    /** The strength of an episode that has not published one yet (or stored before the strength was kept). */
    public static final double NO_STRENGTH = -1.0;

    public static final Episode NONE = new Episode(0, false, 0, 0.0, 0, 0, NO_STRENGTH, null);

    public static Episode from(LastEpisode stored) {
        return new Episode(stored.getId(), stored.getOpen(), stored.getStartedAt(), stored.getPeak(),
                stored.getCalmSteps(), stored.getAge(), stored.getStrength(),
                Signal.fromCode(stored.getPeakSignal()));
    }

    public LastEpisode toAvro() {
        return new LastEpisode(id, open, startedAt, peak, calmSteps, age, strength, Signal.codeOf(peakSignal));
    }

    /** Whether the episode has published its strength. */
    public boolean hasStrength() {
        return strength >= 0;
    }

    /** The same episode, having published {@code published} as its strength. */
    public Episode withStrength(double published) {
        return new Episode(id, open, startedAt, peak, calmSteps, age, published, peakSignal);
    }

    /** What a reading did to the episode. */
    public enum Transition { NONE, OPENED, CLOSED }

    /** The episode after a reading, and what changed. */
    public record Step(Episode episode, Transition transition) {

        /**
         * The anomaly score the reading publishes: an incident publishes one score, its episode's strength, once.
         * That is the highest score of the episode's first {@code confirmSteps + 1} readings, published on the
         * last of them (or on the reading that closes the episode, if that comes first); every other reading of
         * an open episode publishes its own score, up to 1, times {@code damping}, and a reading outside any episode
         * its own score.
         *
         * <p>Why not the opening reading's own score: an episode opens at the first reading past the flag
         * threshold, so its opening score sits just above that threshold whatever the incident's size, and a
         * threshold downstream (an alerting rule, NAB's optimiser) finds a cliff there instead of a ranking of
         * incidents: a threshold learnt on one kind of sensor lands on the wrong side of another's cliff. A few
         * readings later the score says how strong the incident is. The episode's event is not delayed: it
         * opens on the first flagged reading (docs/decisions/0014).
         *
         * <p>The signal published is the one behind the score: the peak's where the strength is published, the
         * reading's own otherwise.
         */
        public SignalScore published(SignalScore own, int confirmSteps, double damping) {
            if (!withinEpisode()) {
                return own;
            }
            return confirms(confirmSteps) ? new SignalScore(episode.peakSignal(), episode.peak())
                    : own.withScore(Math.min(1.0, own.score()) * damping);
        }

        /** Whether this reading publishes its episode's strength ({@link #published}). */
        public boolean confirms(int confirmSteps) {
            return withinEpisode() && (episode.age() == confirmSteps
                    || (transition == Transition.CLOSED && episode.age() < confirmSteps));
        }

        private boolean withinEpisode() {
            return episode.open() || transition == Transition.CLOSED;
        }

        /** The same step, its episode having published {@code published} as its strength. */
        public Step withStrength(double published) {
            return new Step(episode.withStrength(published), transition);
        }
    }

    /** The episode after a reading whose strongest signal gave {@code reading}. */
    public Step next(boolean flagged, SignalScore reading, long eventTime, int closeAfter) {
        double score = reading.score();
        if (!open) {
            return flagged
                    ? new Step(new Episode(id + 1, true, eventTime, score, 0, 0, NO_STRENGTH, reading.signal()),
                            Transition.OPENED)
                    : new Step(this, Transition.NONE);
        }
        // the age only has to count to the confirmation step: it stops growing at the int's end
        int older = age == Integer.MAX_VALUE ? age : age + 1;
        if (flagged) {
            boolean higher = score > peak;
            return new Step(new Episode(id, true, startedAt, higher ? score : peak, 0, older, strength,
                    higher ? reading.signal() : peakSignal), Transition.NONE);
        }
        int calm = calmSteps + 1;
        return calm >= closeAfter
                ? new Step(new Episode(id, false, startedAt, peak, 0, older, strength, peakSignal), Transition.CLOSED)
                : new Step(new Episode(id, true, startedAt, peak, calm, older, strength, peakSignal), Transition.NONE);
    }
}
