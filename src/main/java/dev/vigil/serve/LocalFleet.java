package dev.vigil.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.vigil.score.SensorScorer;

/**
 * This instance's sensors at a glance: a scan of its part of the state store, kept for a short while so that
 * dashboards polling every second and Prometheus scraping do not each walk the whole store.
 */
final class LocalFleet {

    record Snapshot(List<Views.SensorSummary> sensors, List<Views.OpenEpisode> open) {
    }

    private final SensorDirectory directory;
    private final SensorScorer scorer;
    private final long maxAgeNanos;
    private Snapshot snapshot;
    private long takenAt;

    LocalFleet(SensorDirectory directory, SensorScorer scorer, Duration maxAge) {
        this.directory = directory;
        this.scorer = scorer;
        this.maxAgeNanos = maxAge.toNanos();
    }

    synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        if (snapshot == null || now - takenAt > maxAgeNanos) {
            snapshot = scan();
            takenAt = now;
        }
        return snapshot;
    }

    private Snapshot scan() {
        List<Views.SensorSummary> sensors = new ArrayList<>();
        List<Views.OpenEpisode> open = new ArrayList<>();
        directory.forEachLocal(entry -> {
            sensors.add(Views.summary(entry.sensorId(), entry.state(), scorer));
            if (entry.state().getEpisode().getOpen()) {
                open.add(Views.openEpisode(entry.sensorId(), entry.state(), scorer));
            }
        });
        open.sort(Comparator.comparing(Views.OpenEpisode::startedAt).reversed());
        return new Snapshot(List.copyOf(sensors), List.copyOf(open));
    }
}
