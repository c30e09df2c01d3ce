package dev.vigil.demo;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the demo's episodes against the anomalies it injected: an injected anomaly counts as found when an
 * episode of that sensor opens between its start and {@link #GRACE_STEPS} steps after its end; any other
 * episode is a false alarm.
 */
public record DetectionReport(int injected, int found, Map<SensorFleet.AnomalyKind, int[]> byKind,
                              int falseAlarms) {

    static final long GRACE_STEPS = 20;

    public static DetectionReport of(SensorFleet fleet, List<DemoMonitor.Opened> opened, long stepsProduced) {
        Map<SensorFleet.AnomalyKind, int[]> byKind = new EnumMap<>(SensorFleet.AnomalyKind.class);
        int injected = 0;
        int found = 0;
        boolean[] explained = new boolean[opened.size()];
        for (SensorFleet.Injected anomaly : fleet.injected()) {
            if (anomaly.startStep() >= stepsProduced) {
                continue;
            }
            injected++;
            int[] counts = byKind.computeIfAbsent(anomaly.kind(), kind -> new int[2]);
            counts[1]++;
            boolean hit = false;
            for (int i = 0; i < opened.size(); i++) {
                DemoMonitor.Opened episode = opened.get(i);
                long step = stepOf(episode.startedAtMillis());
                if (episode.sensorId().equals(SensorFleet.sensorId(anomaly.sensor()))
                        && step >= anomaly.startStep() && step < anomaly.endStep() + GRACE_STEPS) {
                    explained[i] = true;
                    hit = true;
                }
            }
            if (hit) {
                found++;
                counts[0]++;
            }
        }
        int falseAlarms = 0;
        for (boolean wasExplained : explained) {
            falseAlarms += wasExplained ? 0 : 1;
        }
        return new DetectionReport(injected, found, byKind, falseAlarms);
    }

    static long stepOf(long eventTimeMillis) {
        return (eventTimeMillis - FleetProducer.EPOCH.toEpochMilli()) / FleetProducer.STEP.toMillis();
    }

    /** e.g. {@code spike 4/5, level_shift 3/4, ...} */
    public String kinds() {
        StringBuilder text = new StringBuilder();
        byKind.forEach((kind, counts) -> text.append(text.length() == 0 ? "" : ", ")
                .append(kind.name().toLowerCase()).append(' ').append(counts[0]).append('/').append(counts[1]));
        return text.toString();
    }
}
