package dev.vigil.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated fleet of sensors for the demo: each has its own level, daily cycle and noise, and a share of
 * them gets one injected anomaly of a known kind at a known step. Values are a pure function of
 * (seed, sensor, step), so a demo run can be repeated exactly.
 */
public final class SensorFleet {

    /** Steps in a simulated day. */
    static final int DAY = 288;

    public enum AnomalyKind { SPIKE, LEVEL_SHIFT, DRIFT, STUCK, DROPOUT }

    /** An anomaly put into one sensor's readings from {@code startStep} to {@code endStep} (exclusive). */
    public record Injected(int sensor, AnomalyKind kind, long startStep, long endStep) {
    }

    private record Profile(double level, double amplitude, double noise, double phase) {
    }

    private final long seed;
    private final Profile[] profiles;
    private final Injected[] anomalyOf;
    private final List<Injected> injected;

    /**
     * @param anomalyShare share of sensors that get an anomaly, at a step drawn from [firstStep, lastStep)
     */
    public SensorFleet(int sensors, long seed, double anomalyShare, long firstStep, long lastStep) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        profiles = new Profile[sensors];
        anomalyOf = new Injected[sensors];
        List<Injected> all = new ArrayList<>();
        AnomalyKind[] kinds = AnomalyKind.values();
        for (int sensor = 0; sensor < sensors; sensor++) {
            double amplitude = random.nextDouble(2, 20);
            profiles[sensor] = new Profile(random.nextDouble(50, 500), amplitude,
                    amplitude * random.nextDouble(0.02, 0.1), random.nextDouble(0, 2 * Math.PI));
            if (random.nextDouble() < anomalyShare && lastStep > firstStep) {
                AnomalyKind kind = kinds[all.size() % kinds.length];
                long start = random.nextLong(firstStep, lastStep);
                Injected anomaly = new Injected(sensor, kind, start, start + duration(kind));
                anomalyOf[sensor] = anomaly;
                all.add(anomaly);
            }
        }
        injected = Collections.unmodifiableList(all);
    }

    private static long duration(AnomalyKind kind) {
        return switch (kind) {
            case SPIKE -> 1;
            case LEVEL_SHIFT -> 200;
            case DRIFT -> 80;
            case STUCK -> 80;
            case DROPOUT -> 30;
        };
    }

    public int size() {
        return profiles.length;
    }

    public static String sensorId(int sensor) {
        return String.format("sensor-%05d", sensor);
    }

    public List<Injected> injected() {
        return injected;
    }

    /** The reading of {@code sensor} at {@code step}, anomaly included. */
    public double value(int sensor, long step) {
        Injected anomaly = anomalyOf[sensor];
        Profile profile = profiles[sensor];
        if (anomaly == null || step < anomaly.startStep()) {
            return healthy(sensor, step);
        }
        long into = step - anomaly.startStep();
        boolean during = step < anomaly.endStep();
        return switch (anomaly.kind()) {
            case SPIKE -> healthy(sensor, step) + (during ? 10 * profile.amplitude() : 0);
            case LEVEL_SHIFT -> healthy(sensor, step) + 4 * profile.amplitude();
            case DRIFT -> healthy(sensor, step) + 5 * profile.amplitude() * Math.min(1.0, into / 80.0);
            case STUCK -> during ? healthy(sensor, anomaly.startStep()) : healthy(sensor, step);
            case DROPOUT -> during ? 0.0 : healthy(sensor, step);
        };
    }

    private double healthy(int sensor, long step) {
        Profile profile = profiles[sensor];
        double noise = new SplittableRandom(seed * 31 + sensor * 1_000_003L + step).nextGaussian();
        return profile.level() + profile.amplitude() * Math.sin(2 * Math.PI * step / DAY + profile.phase())
                + profile.noise() * noise;
    }
}
