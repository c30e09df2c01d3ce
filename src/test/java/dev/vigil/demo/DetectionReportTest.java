package dev.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DetectionReportTest {

    private final SensorFleet fleet = new SensorFleet(40, 7, 0.5, 100, 200);

    @Test
    void anEpisodeInsideAnAnomalyOrItsGraceFindsIt() {
        SensorFleet.Injected anomaly = fleet.injected().get(0);
        DetectionReport report = DetectionReport.of(fleet, List.of(
                opened(anomaly.sensor(), anomaly.endStep() + DetectionReport.GRACE_STEPS - 1)), 1_000);

        assertThat(report.found()).isEqualTo(1);
        assertThat(report.falseAlarms()).isEmpty();
    }

    @Test
    void theFalseAlarmsNameTheirSensorTheirStepAndWhatWasInjectedThere() {
        SensorFleet.Injected anomaly = fleet.injected().get(0);
        int clean = IntStream.range(0, fleet.size())
                .filter(sensor -> fleet.injected().stream().noneMatch(injected -> injected.sensor() == sensor))
                .findFirst().orElseThrow();
        long late = anomaly.endStep() + DetectionReport.GRACE_STEPS;

        DetectionReport report = DetectionReport.of(fleet, List.of(opened(anomaly.sensor(), late),
                opened(clean, 150)), 1_000);

        assertThat(report.found()).isZero();
        assertThat(report.falseAlarms()).containsExactly(
                new DetectionReport.FalseAlarm(SensorFleet.sensorId(anomaly.sensor()), late, anomaly),
                new DetectionReport.FalseAlarm(SensorFleet.sensorId(clean), 150, null));
        assertThat(report.falseAlarms().get(0)).hasToString(SensorFleet.sensorId(anomaly.sensor()) + " at step "
                + late + " (its " + anomaly.kind().name().toLowerCase() + ": steps " + anomaly.startStep() + "-"
                + anomaly.endStep() + ")");
        assertThat(report.falseAlarms().get(1)).hasToString(SensorFleet.sensorId(clean) + " at step 150");
        assertThat(report.falseAlarmsListed(2)).isEqualTo(report.falseAlarms().get(0) + ", "
                + report.falseAlarms().get(1));
        assertThat(report.falseAlarmsListed(1)).isEqualTo(report.falseAlarms().get(0) + ", ...");
    }

    private static DemoMonitor.Opened opened(int sensor, long step) {
        return new DemoMonitor.Opened(SensorFleet.sensorId(sensor),
                FleetProducer.EPOCH.toEpochMilli() + step * FleetProducer.STEP.toMillis());
    }
}
