package dev.vigil.model;

/**
 * The forecaster of a {@link ModelSpec#deltas() deltas} model: its network gives each step's change from the key's
 * current scaled value, and this adds the value back, so callers see scaled forecasts as from any other model.
 *
 * <p>A {@link ModelSpec#relative() relative} network reads the level as 0 ({@link NetworkInput#seenByNetwork}), and
 * its change at rest is taken off every forecast. At rest (no change for thousands of readings, the day-ago values
 * level with the current one) a relative network's inputs are the same for every key, so its forecast change there is
 * one constant of its weights; training leaves it about 1% of a key's scale off zero, and a key that holds still
 * would see its forecast miss by that much at every reading where persistence is exact. The constant is measured
 * once for the model, by stepping the network on those inputs until it settles, so that no change forecasts no
 * change.
 */
final class DeltaForecaster implements Forecaster {

    /** Steps from a zero state to the network's rest: far beyond any memory a trained cell keeps. */
    static final int STEPS_TO_REST = 5_000;

    private final Forecaster network;
    /** A relative network's change at rest: without day-ago values [0], with them [1]; null for other models. */
    private final float[][] atRest;

    /** With {@code atRest} as {@link #atRest} measured it for a forecaster of the same weights and engine. */
    DeltaForecaster(Forecaster network, float[][] atRest) {
        this.network = network;
        this.atRest = atRest;
    }

    /**
     * A relative network's change at rest, without day-ago values [0] and with them [1]; null for other models. Costs
     * 2 × {@value #STEPS_TO_REST} steps (about 15 ms of a core for a 1×64 LSTM): {@link ForecastModel} measures it
     * once for each engine and hands it to each of its forecasters.
     */
    static float[][] atRest(Forecaster network) {
        return network.spec().relative() ? new float[][] {changeAtRest(network, false), changeAtRest(network, true)}
                : null;
    }

    @Override
    public ModelSpec spec() {
        return network.spec();
    }

    @Override
    public float[][] step(float[][] inputs, NetworkMemory[] states) {
        ModelSpec spec = spec();
        float[][] changes = network.step(spec.relative() ? seenByNetwork(spec, inputs) : inputs, states);
        for (int b = 0; b < changes.length; b++) {
            float value = inputs[b][NetworkInput.LEVEL];
            float[] rest = atRest == null ? null : atRest[NetworkInput.knowsDayAgo(spec, inputs[b]) ? 1 : 0];
            for (int h = 0; h < changes[b].length; h++) {
                changes[b][h] += value - (rest == null ? 0f : rest[h]);
            }
        }
        return changes;
    }

    /** The network's forecast changes after {@link #STEPS_TO_REST} readings of a key that does not move. */
    static float[] changeAtRest(Forecaster network, boolean dayAgoKnown) {
        ModelSpec spec = network.spec();
        NetworkMemory[] memory = {spec.architecture().zero(spec)};
        float[] still = NetworkInput.of(spec, 0f, 0f, dayAgoKnown ? new float[spec.horizon()] : null);
        float[] change = null;
        for (int i = 0; i < STEPS_TO_REST; i++) {
            change = network.step(new float[][] {still.clone()}, memory)[0];
        }
        return change;
    }

    private static float[][] seenByNetwork(ModelSpec spec, float[][] inputs) {
        float[][] seen = new float[inputs.length][];
        for (int b = 0; b < inputs.length; b++) {
            seen[b] = inputs[b].clone();
            seen[b][NetworkInput.LEVEL] = NetworkInput.seenByNetwork(spec, inputs[b], NetworkInput.LEVEL);
        }
        return seen;
    }
}
