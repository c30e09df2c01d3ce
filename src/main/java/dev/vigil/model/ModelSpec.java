package dev.vigil.model;

/**
 * What a model is: its version and shape. {@code layers} LSTM layers of {@code units}, and a linear head giving the
 * next {@code horizon} scaled values. Its input at each step is the key's scaled value and, for a {@code seasonal}
 * model, the values one day before each of the next {@code horizon} steps ({@link NetworkInput}).
 */
public record ModelSpec(long version, int layers, int units, int horizon, boolean seasonal) {

    public ModelSpec {
        if (layers < 1 || units < 1 || horizon < 1) {
            throw new IllegalArgumentException("layers, units and horizon must be positive: " + this);
        }
    }

    /** A model that sees the value alone (every model before the day-ago inputs). */
    public ModelSpec(long version, int layers, int units, int horizon) {
        this(version, layers, units, horizon, false);
    }

    /** Features the network reads at each step. */
    public int inputs() {
        return NetworkInput.width(seasonal, horizon);
    }

    public ModelSpec withVersion(long newVersion) {
        return new ModelSpec(newVersion, layers, units, horizon, seasonal);
    }
}
