package dev.vigil.train;

import java.time.Duration;

/**
 * How the model keeps learning from the stream. Built from the validated configuration.
 *
 * @param windowLength     L, input steps of a training window
 * @param horizon          H, values after each input step the window's targets cover
 * @param sampleEvery      a sensor contributes one window every this many readings ({@link #samples})
 * @param minSamples       windows the reservoir must hold before a retrain is tried
 * @param reservoirSensors sensors the reservoir holds windows of
 * @param windowsPerSensor newest windows kept per sensor
 * @param maxWindows       windows one retrain uses at most
 * @param epochs           passes over the windows when fine-tuning
 * @param learningRate     Adam's learning rate for fine-tuning
 * @param holdoutFraction  newest fraction of windows held out for the gate
 * @param gateMargin       relative improvement on the held-out windows a candidate needs
 * @param keepVersions     model versions kept on the models topic
 * @param interval         wall-clock time between retrains of a running instance
 * @param replayInterval   event time between retrains in replay (inline training)
 * @param cpuShare         the share of one core a live retrain may take on average: it pauses between minibatches
 *                         to stay within it (1 for flat out); replay trains inline, flat out
 */
public record RetrainSettings(
        int windowLength,
        int horizon,
        int sampleEvery,
        int minSamples,
        int reservoirSensors,
        int windowsPerSensor,
        int maxWindows,
        int epochs,
        double learningRate,
        double holdoutFraction,
        double gateMargin,
        int keepVersions,
        Duration interval,
        Duration replayInterval,
        double cpuShare) {

    /** Fixed, so that a replay retrains to the same weights every time. */
    public static final long SEED = 20261123L;

    /**
     * Whether reading number {@code steps} of sensor {@code sensorId} sends a training window: one reading in
     * {@code sampleEvery}, each sensor at a phase of its own, taken from its id. Without the phase, sensors that
     * started together and read at one rate (a fleet deployed at once, every bench key) all reached their sampled
     * reading within one round of the fleet, and the stream thread cut, encoded and sent every sensor's window in
     * the same second (docs/decisions/0029-state-codec.md).
     */
    public boolean samples(String sensorId, long steps) {
        return Math.floorMod(steps + phase(sensorId), sampleEvery) == 0;
    }

    /**
     * The id's hash through MurmurHash3's finalizer: {@code String.hashCode} alone multiplies by 31, which is -1
     * modulo 32, so ids that differ in a counter ("sensor-17", "sensor-18") fall on a few phases of 32.
     */
    private static int phase(String sensorId) {
        int h = sensorId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
