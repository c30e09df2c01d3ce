package dev.vigil.score;

import java.time.Instant;
import java.util.List;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.detect.Episode;
import dev.vigil.detect.PublishedScore;
import dev.vigil.detect.Signal;

/** What a scored reading publishes: its forecast record, and an anomaly event when it opened or closed an episode. */
final class ForecastPublisher {

    private ForecastPublisher() {
    }

    static Forecast forecast(SensorScorer.Input input, Judgement judgement, List<Double> forecast,
                             PredictionInterval.Band band, long modelVersion) {
        return Forecast.newBuilder()
                .setSensorId(input.sensorId())
                .setEventTime(Instant.ofEpochMilli(input.eventTime()))
                .setValue(input.value())
                .setExpected(judgement.expected())
                .setForecast(forecast)
                .setLower(band.lower())
                .setUpper(band.upper())
                .setAnomalyScore(PublishedScore.of(judgement.published().score()))
                .setAnomalySignal(Signal.wireNameOf(judgement.published().signal()))
                .setAnomalyFlag(judgement.flagged())
                .setWarmingUp(judgement.warmingUp())
                .setModelVersion(modelVersion)
                .build();
    }

    /** The event of an episode the reading opened or closed, or null when it did neither. */
    static AnomalyEvent event(SensorScorer.Input input, Judgement judgement, long modelVersion) {
        Episode.Transition transition = judgement.episode().transition();
        if (transition == Episode.Transition.NONE) {
            return null;
        }
        Episode episode = judgement.episode().episode();
        boolean opened = transition == Episode.Transition.OPENED;
        return AnomalyEvent.newBuilder()
                .setSensorId(input.sensorId())
                .setEpisodeId(episode.id())
                .setState(opened ? EpisodeState.OPENED : EpisodeState.CLOSED)
                .setStartedAt(Instant.ofEpochMilli(episode.startedAt()))
                .setEndedAt(opened ? null : Instant.ofEpochMilli(input.eventTime()))
                .setPeakScore(PublishedScore.of(episode.peak()))
                .setTriggerValue(input.value())
                .setExpected(judgement.expected() == null ? Double.NaN : judgement.expected())
                .setModelVersion(modelVersion)
                .setStrength(!opened && episode.hasStrength() ? PublishedScore.of(episode.strength()) : null)
                .setSignal(Signal.wireNameOf(episode.peakSignal()))
                .build();
    }
}
