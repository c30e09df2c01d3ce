package dev.vigil.model;

/**
 * What a model is: its version and shape. One input (the key's scaled value), {@code layers} LSTM layers of
 * {@code units}, and a linear head giving the next {@code horizon} scaled values.
 */
public record ModelSpec(long version, int layers, int units, int horizon) {

    public ModelSpec {
        if (layers < 1 || units < 1 || horizon < 1) {
            throw new IllegalArgumentException("layers, units and horizon must be positive: " + this);
        }
    }

    public ModelSpec withVersion(long newVersion) {
        return new ModelSpec(newVersion, layers, units, horizon);
    }
}
