package dev.vigil.detect;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.avro.AlarmState;

/**
 * How often a key has alarmed lately: the steps at which its recent episodes published their strength. Every signal
 * scores a reading by its rarity for the key, a tail probability p on a log scale, and a key that opens an episode
 * every few hundred readings (a bursty count, a noisy machine) shows that its rarities are not as rare as they read.
 * So an episode's strength is the rarity of the incident given how often the key alarms: beyond {@code expected}
 * episodes within the key's memory, p is multiplied by how many times more than expected it alarmed (Bonferroni's
 * correction, the key's own alarms as its count of tests), and the strength lowered by that factor's decades. A key
 * that alarms rarely is judged as before. Its flags, and when its episodes open and close, are not changed, only the
 * strength an episode publishes (and its closing event carries), which is what a threshold downstream compares across
 * keys (decision 0036). Immutable; its stored form
 * is {@link AlarmState}.
 *
 * @param steps the key's step counts at which its last episodes published their strength, oldest first, at most
 *              {@link #KEPT}
 */
public record AlarmRate(List<Long> steps) {

    public static final AlarmRate NONE = new AlarmRate(List.of());

    /**
     * Episodes kept: enough to tell a key that alarms sixteen times in its memory, eight times what is expected by
     * default; a key that alarms more is lowered no further (no figure measured moved with more kept).
     */
    static final int KEPT = 16;

    public AlarmRate {
        steps = List.copyOf(steps);
    }

    public static AlarmRate from(AlarmState stored) {
        return new AlarmRate(stored.getSteps());
    }

    public AlarmState toAvro() {
        return new AlarmState(steps);
    }

    /**
     * How much lower the strength of an episode publishing at {@code step} is, in score units ({@code decades} of
     * tail probability make 1): {@code log10(n / expected) / decades} when the key's earlier episodes within the
     * last {@code memory} readings number n, more than {@code expected}; 0 otherwise.
     */
    public double discount(long step, int memory, double expected, double decades) {
        int within = within(step, memory).size();
        return within > expected ? Math.log10(within / expected) / decades : 0.0;
    }

    /** The state after an episode published its strength at {@code step}: those older than the memory forgotten. */
    public AlarmRate next(long step, int memory) {
        List<Long> kept = within(step, memory);
        kept.add(step);
        return new AlarmRate(kept.size() > KEPT ? kept.subList(kept.size() - KEPT, kept.size()) : kept);
    }

    /** The earlier episodes within the last {@code memory} readings of {@code step}, oldest first (a new list). */
    private List<Long> within(long step, int memory) {
        List<Long> kept = new ArrayList<>(steps.size() + 1);
        for (long s : steps) {
            if (s >= step - memory) {
                kept.add(s);
            }
        }
        return kept;
    }
}
