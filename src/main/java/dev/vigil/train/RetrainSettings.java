package dev.vigil.train;

import java.time.Duration;

/**
 * How the model keeps learning from the stream. Built from the validated configuration.
 *
 * @param windowLength     L, input steps of a training window
 * @param horizon          H, values after each input step the window's targets cover
 * @param sampleEvery      a sensor contributes one window every this many readings
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
}
