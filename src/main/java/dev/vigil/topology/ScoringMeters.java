package dev.vigil.topology;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.EpisodeState;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the scoring processors count, in the registry they are given (never a global one): readings scored, dead
 * letters by reason, episodes opened and closed, and the time of each scoring step (a histogram, so Prometheus
 * can compute quantiles across instances). Shared by every task of a topology: Micrometer's meters are
 * thread-safe.
 */
public final class ScoringMeters {

    /** Readings scored, a counter: the dashboard's throughput is its rate. */
    public static final String READINGS_SCORED = "vigil.readings.scored";

    private final Counter scored;
    private final Timer scoringTime;
    private final Counter opened;
    private final Counter closed;
    private final Counter rewarmed;
    private final Counter rewarmDeferred;
    private final Counter carriedOver;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

    private ScoringMeters(MeterRegistry registry) {
        scored = Counter.builder(READINGS_SCORED).description("Readings scored (one forecast each)")
                .register(registry);
        scoringTime = Timer.builder("vigil.inference")
                .description("Time to score one reading: state decode, detector and the network step")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
        opened = episodes(registry, "opened");
        closed = episodes(registry, "closed");
        rewarmed = rewarms(registry, "rewarmed");
        rewarmDeferred = rewarms(registry, "deferred");
        carriedOver = rewarms(registry, "carried");
        // every reason registered up front, so a dashboard shows a zero rather than no series at all
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("vigil.dead.letters")
                    .description("Input records sent to the dead-letter topic, by reason")
                    .tag("reason", reason.name())
                    .register(registry));
        }
    }

    static ScoringMeters register(MeterRegistry registry) {
        return new ScoringMeters(registry);
    }

    private static Counter episodes(MeterRegistry registry, String transition) {
        return Counter.builder("vigil.anomaly.episodes").description("Anomaly episodes opened and closed")
                .tag("transition", transition).register(registry);
    }

    private static Counter rewarms(MeterRegistry registry, String outcome) {
        return Counter.builder("vigil.model.rewarms")
                .description("Readings of keys not yet on the live model version: rewarmed on it, deferred "
                        + "(scored on the previous version while the re-warms are paced), or carried (the live "
                        + "version is a fine-tune of the key's, whose memory it reads as it is)")
                .tag("outcome", outcome).register(registry);
    }

    void scored(long nanos, AnomalyEvent event) {
        scored.increment();
        scoringTime.record(nanos, TimeUnit.NANOSECONDS);
        if (event != null) {
            (event.getState() == EpisodeState.OPENED ? opened : closed).increment();
        }
    }

    void rewarmed() {
        rewarmed.increment();
    }

    void rewarmDeferred() {
        rewarmDeferred.increment();
    }

    void memoryCarriedOver() {
        carriedOver.increment();
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }
}
