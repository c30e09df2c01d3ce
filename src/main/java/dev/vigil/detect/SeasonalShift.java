package dev.vigil.detect;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.SeasonState;
import dev.vigil.avro.StepSpan;
import dev.vigil.stats.Median;
import dev.vigil.stats.RunningMoments;

/**
 * The seasonal signal: the key's recent level against the same stretch of time one day earlier. The median of the
 * last places of the key's day (the newest reading and those before it, a place per interval of the key's rate) is
 * compared with the median of the same places a day before, and the absolute shift, in the key's units, is judged by
 * {@link AnomalyLikelihood} against the key's running distribution of that same shift, before it joins it.
 *
 * <p>Why: the network, the drift signal and the range all judge a reading against the key's recent past. A change
 * of the daily shape (a peak that does not come, an afternoon lower than yesterday's) looks ordinary against the
 * last hours and is news only against the day before. On NAB's shared files this signal found the change of daily
 * shape that nothing else saw ({@code art_daily_jumpsdown}) and the ad exchanges' slower incidents, and raised the
 * leave-one-category-out figure from 67.7 to 72.8 (docs/decisions/0022). The stretch is at most a quarter of the
 * key's day, so that an hourly key compares six hours, not most of its day.
 *
 * <p>Two guards, each measured:
 * <ul>
 *   <li>A day-ago stretch that was itself an incident (any of its readings in an anomaly episode, as
 *       {@link #marked} records) is no normal to compare with: the incident would come back a day later as its own
 *       echo. Such a reading is neither judged nor learnt from.</li>
 *   <li>A shift under {@value #NOISE_SHARE} of the key's scale is noise, whatever its history says: a perfectly
 *       periodic key repeats itself to float rounding, and without a floor on the spread every rounding was a
 *       one-in-a-billion event (12 false alarms a month on {@code art_daily_no_noise}).</li>
 * </ul>
 * Immutable; its stored form is {@link SeasonState}.
 *
 * @param history   running mean and variance of the absolute shift from a day earlier, raw units
 * @param incidents the readings of the last day that were in an anomaly episode, as spans of places in the key's day,
 *                  oldest first
 */
public record SeasonalShift(RunningMoments history, List<Span> incidents) {

    public static final SeasonalShift NONE = new SeasonalShift(RunningMoments.EMPTY, List.of());

    /** Share of the key's scale under which a shift is not told apart from the key's noise. */
    static final double NOISE_SHARE = 0.05;

    /** Most incident spans kept: a key that has had more in a day is judged against the newest of them. */
    static final int MAX_INCIDENTS = 32;

    /** The places {@code first} to {@code last} in the key's day of one anomaly episode's readings. */
    public record Span(long first, long last) {
    }

    public static SeasonalShift from(SeasonState state) {
        List<Span> incidents = new ArrayList<>(state.getIncidents().size());
        for (StepSpan span : state.getIncidents()) {
            incidents.add(new Span(span.getFirst(), span.getLast()));
        }
        return new SeasonalShift(new RunningMoments(state.getMean(), state.getVar(), state.getCount()),
                List.copyOf(incidents));
    }

    public SeasonState toAvro() {
        List<StepSpan> spans = new ArrayList<>(incidents.size());
        for (Span span : incidents) {
            spans.add(new StepSpan(span.first(), span.last()));
        }
        return new SeasonState(history.mean(), history.variance(), history.count(), spans);
    }

    /** A reading's seasonal score and the signal's state after it. */
    public record Judged(double score, SeasonalShift next) {
    }

    /**
     * Judges the reading {@code value}, at {@code position} in the key's day: its rarity ({@link PublishedScore})
     * against the history before it, and the state with the shift added. The score is 0 and the state unchanged
     * while the key has no known day, while its kept values do not reach a day back, when the day-ago stretch was an
     * incident, or when either stretch holds a value not known (NaN: a reading that did not come, so a sensor that
     * missed readings is judged only on whole stretches), and while the history is young.
     *
     * @param day        the key's kept values with this reading the newest, oldest first; a position a day holds per
     *                   interval of the key's rate
     * @param rowsPerDay positions in the key's day; 0 or less when it has none
     * @param window     readings whose median is compared, at most; at most a quarter of the day is used
     * @param scale      the key's scale (its values' spread), for the noise floor
     */
    public Judged judge(DayValues day, int rowsPerDay, long position, double value, int window, double decades,
                        int memory, double scale) {
        int length = Math.min(window, rowsPerDay / 4);
        int newest = day.kept() - 1;
        if (rowsPerDay <= 0 || length < 1 || newest - length + 1 - rowsPerDay < 0
                || wasIncident(position - rowsPerDay - length + 1, position - rowsPerDay)) {
            return new Judged(0.0, this);
        }
        double[] now = new double[length];
        double[] dayAgo = new double[length];
        for (int i = 0; i < length; i++) {
            // the i-th position of the stretch that ends with this reading (the day keeps it as float32)
            int at = newest - length + 1 + i;
            now[i] = at == newest ? value : day.at(at);
            dayAgo[i] = day.at(at - rowsPerDay);
            if (Double.isNaN(now[i]) || Double.isNaN(dayAgo[i])) {
                // a value the key's day should hold and does not: no shift to judge, and none to learn from
                return new Judged(0.0, this);
            }
        }
        double shift = Math.abs(Median.ofSorting(now) - Median.ofSorting(dayAgo));
        double score = AnomalyLikelihood.surprise(shift, history, decades, NOISE_SHARE * scale);
        return new Judged(score, new SeasonalShift(history.update(shift, memory), incidents));
    }

    /**
     * The state after the reading at {@code step}, the position in the key's day ({@link #judge}), which was
     * ({@code inEpisode}) or was not in an anomaly episode; incidents that no later day-ago stretch (a day of
     * {@code rowsPerDay} positions, at most {@code window} long) reaches are forgotten, and all of them while the key
     * has no known day.
     */
    public SeasonalShift marked(boolean inEpisode, long step, int rowsPerDay, int window) {
        if (rowsPerDay <= 0) {
            return incidents.isEmpty() ? this : new SeasonalShift(history, List.of());
        }
        long keepSteps = rowsPerDay + window;
        // the common case, a reading outside any episode with nothing to forget (spans are oldest first)
        if (!inEpisode && (incidents.isEmpty() || incidents.get(0).last() >= step - keepSteps
                && incidents.get(incidents.size() - 1).first() <= step)) {
            return this;
        }
        List<Span> kept = new ArrayList<>(incidents.size() + 1);
        for (Span span : incidents) {
            // a span after this reading was counted in readings by a state stored before the day was kept by time
            if (span.last() >= step - keepSteps && span.first() <= step) {
                kept.add(span);
            }
        }
        if (inEpisode) {
            int newest = kept.size() - 1;
            if (newest >= 0 && kept.get(newest).last() == step - 1) {
                kept.set(newest, new Span(kept.get(newest).first(), step));
            } else {
                kept.add(new Span(step, step));
            }
        }
        List<Span> bounded = kept.size() > MAX_INCIDENTS
                ? kept.subList(kept.size() - MAX_INCIDENTS, kept.size())
                : kept;
        return bounded.equals(incidents) ? this : new SeasonalShift(history, List.copyOf(bounded));
    }

    private boolean wasIncident(long first, long last) {
        for (Span span : incidents) {
            if (span.first() <= last && span.last() >= first) {
                return true;
            }
        }
        return false;
    }
}
