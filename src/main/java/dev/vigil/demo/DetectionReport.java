package dev.vigil.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scores the demo's episodes against the anomalies it injected: an injected anomaly counts as found when an
 * episode of that sensor opens between its start and {@link #GRACE_STEPS} steps after its end; any other
 * episode is a false alarm. The false alarms are kept, with what was injected into their sensor, so that a summary
 * can say where they were: an episode opened after an injected anomaly's grace is still a false alarm, but not the
 * same finding as one on a sensor that never had one.
 */
public record DetectionReport(int injected, int found, Map<SensorFleet.AnomalyKind, int[]> byKind,
                              List<FalseAlarm> falseAlarms) {

    /** An episode that no injected anomaly explains: its sensor, the step it opened at, and its sensor's anomaly. */
    public record FalseAlarm(String sensorId, long step, SensorFleet.Injected injectedThere) {

        /** e.g. {@code sensor-00412 at step 455 (its drift: steps 380-440)} or {@code sensor-00007 at step 90}. */
        @Override
        public String toString() {
            return sensorId + " at step " + step + (injectedThere == null ? "" : " (its "
                    + injectedThere.kind().name().toLowerCase() + ": steps " + injectedThere.startStep() + "-"
                    + injectedThere.endStep() + ")");
        }
    }

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
        Map<String, SensorFleet.Injected> bySensor = fleet.injected().stream()
                .collect(Collectors.toMap(anomaly -> SensorFleet.sensorId(anomaly.sensor()), anomaly -> anomaly));
        List<FalseAlarm> falseAlarms = new ArrayList<>();
        for (int i = 0; i < opened.size(); i++) {
            if (!explained[i]) {
                DemoMonitor.Opened episode = opened.get(i);
                falseAlarms.add(new FalseAlarm(episode.sensorId(), stepOf(episode.startedAtMillis()),
                        bySensor.get(episode.sensorId())));
            }
        }
        return new DetectionReport(injected, found, byKind, List.copyOf(falseAlarms));
    }

    static long stepOf(long eventTimeMillis) {
        return (eventTimeMillis - FleetProducer.EPOCH.toEpochMilli()) / FleetProducer.STEP.toMillis();
    }

    /** The first {@code most} false alarms, e.g. {@code sensor-00412 at step 455, sensor-00007 at step 90, ...}. */
    public String falseAlarmsListed(int most) {
        return falseAlarms.stream().limit(most).map(FalseAlarm::toString).collect(Collectors.joining(", "))
                + (falseAlarms.size() > most ? ", ..." : "");
    }

    /** e.g. {@code spike 4/5, level_shift 3/4, ...} */
    public String kinds() {
        StringBuilder text = new StringBuilder();
        byKind.forEach((kind, counts) -> text.append(text.length() == 0 ? "" : ", ")
                .append(kind.name().toLowerCase()).append(' ').append(counts[0]).append('/').append(counts[1]));
        return text.toString();
    }
}
