package dev.vigil.model;

import java.util.Objects;

/**
 * What a model is: its version and shape. {@code layers} layers of {@code units} of its {@code architecture}, and a
 * linear head giving the next {@code horizon} scaled values. Its input at each step is the key's scaled value and,
 * for a {@code seasonal} model, the values one day before each of the next {@code horizon} steps
 * ({@link NetworkInput}).
 */
public record ModelSpec(long version, Architecture architecture, int layers, int units, int horizon,
                        boolean seasonal) {

    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (layers < 1 || units < 1 || horizon < 1) {
            throw new IllegalArgumentException("layers, units and horizon must be positive: " + this);
        }
    }

    /** An LSTM that reads the value alone (every model before the architectures and the day-ago inputs). */
    public ModelSpec(long version, int layers, int units, int horizon) {
        this(version, Architecture.LSTM, layers, units, horizon, false);
    }

    /** Features the network reads at each step. */
    public int inputs() {
        return NetworkInput.width(seasonal, horizon);
    }

    public ModelSpec withVersion(long newVersion) {
        return new ModelSpec(newVersion, architecture, layers, units, horizon, seasonal);
    }
}
