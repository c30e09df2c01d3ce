package dev.vigil.serve;

import java.time.Instant;
import java.util.List;

import dev.vigil.avro.LastEpisode;
import dev.vigil.avro.SensorState;
import dev.vigil.detect.Episode;
import dev.vigil.detect.PublishedScore;
import dev.vigil.detect.Signal;
import dev.vigil.score.SensorScorer;

/** The JSON shapes of the API (snake_case on the wire), built from a sensor's stored state. */
final class Views {

    private Views() {
    }

    /** {@code /api/sensors/{id}}: everything the store says about one sensor. */
    record SensorDetail(String sensorId, long steps, boolean warmingUp, String lastEventTime, Double lastValue,
                        List<Double> recent, List<Double> forecast, List<Double> lower, List<Double> upper,
                        double anomalyScore, EpisodeView episode, long modelVersion) {
    }

    /** A sensor's current or last episode; {@code signal}: what scored its peak (null if not known). */
    record EpisodeView(long id, boolean open, String startedAt, double peakScore, String signal) {
    }

    /** One tile of the fleet overview. */
    record SensorSummary(String sensorId, Double value, double anomalyScore, boolean anomalous, boolean warmingUp,
                         long steps) {
    }

    /** {@code /api/anomalies}: an open episode; {@code signal}: what scored its peak (null if not known). */
    record OpenEpisode(String sensorId, long episodeId, String startedAt, double peakScore, String signal,
                       double anomalyScore, Double lastValue, long modelVersion) {
    }

    static SensorDetail detail(String sensorId, SensorState state, SensorScorer scorer) {
        SensorScorer.Outlook outlook = scorer.outlook(state);
        LastEpisode stored = state.getEpisode();
        EpisodeView episode = new EpisodeView(stored.getId(), stored.getOpen(),
                stored.getId() == 0 ? null : time(stored.getStartedAt()), PublishedScore.of(stored.getPeak()),
                signal(stored));
        return new SensorDetail(sensorId, state.getSteps(), outlook.warmingUp(), time(state.getLastEventTime()),
                last(state.getRecent()), state.getRecent(), outlook.forecast(), outlook.lower(), outlook.upper(),
                outlook.score(), episode, state.getModelVersion());
    }

    static SensorSummary summary(String sensorId, SensorState state, SensorScorer scorer) {
        SensorScorer.Outlook outlook = scorer.outlook(state);
        return new SensorSummary(sensorId, last(state.getRecent()), outlook.score(), state.getEpisode().getOpen(),
                outlook.warmingUp(), state.getSteps());
    }

    static OpenEpisode openEpisode(String sensorId, SensorState state, SensorScorer scorer) {
        return new OpenEpisode(sensorId, state.getEpisode().getId(), time(state.getEpisode().getStartedAt()),
                PublishedScore.of(state.getEpisode().getPeak()), signal(state.getEpisode()),
                scorer.outlook(state).score(), last(state.getRecent()), state.getModelVersion());
    }

    private static String signal(LastEpisode stored) {
        return Signal.wireNameOf(Episode.from(stored).peakSignal());
    }

    private static Double last(List<Double> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
