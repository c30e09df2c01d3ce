package dev.vigil.model;

import java.util.Objects;

/**
 * What a model is: its version and shape. {@code layers} layers of {@code units} of its {@code architecture}, and a
 * linear head giving the next {@code horizon} scaled values. Its input at each step is the key's scaled value and,
 * for a {@code seasonal} model, the values one day before each of the next {@code horizon} steps
 * ({@link NetworkInput}). A {@code deltas} model's head gives each step's change from the current scaled value rather
 * than the value itself ({@link DeltaForecaster}): "no change", persistence, is then the network's zero, where an
 * absolute head has to learn the identity and only ever approximates it. A {@code relative} model (always a deltas
 * one) never sees the level: it reads the last change and the day-ago values as offsets from the current value
 * ({@link NetworkInput}), so what it forecasts for a key does not depend on where the key's level stands. A
 * {@code layerNorm} model normalises each gate's input over its units in every cell (the architectures whose cell
 * Vigil builds itself: {@link Architecture#layerNormalisable}).
 */
public record ModelSpec(long version, Architecture architecture, int layers, int units, int horizon,
                        boolean seasonal, boolean deltas, boolean relative, boolean layerNorm) {

    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (layers < 1 || units < 1 || horizon < 1) {
            throw new IllegalArgumentException("layers, units and horizon must be positive: " + this);
        }
        if (relative && !deltas) {
            throw new IllegalArgumentException("a relative network does not see the level, so its head must give "
                    + "changes (deltas): " + this);
        }
        if (layerNorm && !architecture.layerNormalisable()) {
            throw new IllegalArgumentException("layer normalisation is built for the gru and conv-gru cells, not "
                    + architecture.kind() + " (DL4J's LSTM layer and the WaveNet's convolutions have none)");
        }
        if (layerNorm && units < 2) {
            throw new IllegalArgumentException("layer normalisation needs at least 2 units: over one unit every gate "
                    + "input normalises to 0 and the cell ignores its inputs");
        }
    }

    /** A model without layer normalisation (every model before it). */
    public ModelSpec(long version, Architecture architecture, int layers, int units, int horizon,
                     boolean seasonal, boolean deltas, boolean relative) {
        this(version, architecture, layers, units, horizon, seasonal, deltas, relative, false);
    }

    /** A model that reads the level (every model before the relative ones). */
    public ModelSpec(long version, Architecture architecture, int layers, int units, int horizon,
                     boolean seasonal, boolean deltas) {
        this(version, architecture, layers, units, horizon, seasonal, deltas, false);
    }

    /** A model whose head gives the values themselves (every model before the deltas). */
    public ModelSpec(long version, Architecture architecture, int layers, int units, int horizon, boolean seasonal) {
        this(version, architecture, layers, units, horizon, seasonal, false);
    }

    /** An LSTM that reads the value alone (every model before the architectures and the day-ago inputs). */
    public ModelSpec(long version, int layers, int units, int horizon) {
        this(version, Architecture.LSTM, layers, units, horizon, false);
    }

    /** Features the network reads at each step. */
    public int inputs() {
        return NetworkInput.width(seasonal, horizon, relative);
    }

    /**
     * The record's text, naming {@code deltas}, {@code relative} and {@code layerNorm} only when set: a recipe's text
     * (the shipped model's recorded source) stays what it was for a model without them.
     */
    @Override
    public String toString() {
        return "ModelSpec[version=" + version + ", architecture=" + architecture + ", layers=" + layers + ", units="
                + units + ", horizon=" + horizon + ", seasonal=" + seasonal + (deltas ? ", deltas=true" : "")
                + (relative ? ", relative=true" : "") + (layerNorm ? ", layerNorm=true]" : "]");
    }

    public ModelSpec withVersion(long newVersion) {
        return new ModelSpec(newVersion, architecture, layers, units, horizon, seasonal, deltas, relative, layerNorm);
    }

    /** The same model with another architecture. */
    public ModelSpec withArchitecture(Architecture newArchitecture) {
        return new ModelSpec(version, newArchitecture, layers, units, horizon, seasonal, deltas, relative, layerNorm);
    }

    /** The same model with {@code newLayers} layers of {@code newUnits}. */
    public ModelSpec withShape(int newLayers, int newUnits) {
        return new ModelSpec(version, architecture, newLayers, newUnits, horizon, seasonal, deltas, relative, layerNorm);
    }

    /** The same model reading the day-ago values ({@code true}) or not. */
    public ModelSpec withSeasonal(boolean newSeasonal) {
        return new ModelSpec(version, architecture, layers, units, horizon, newSeasonal, deltas, relative, layerNorm);
    }

    /** The same model with layer normalisation in its cells ({@code true}) or without. */
    public ModelSpec withLayerNorm(boolean newLayerNorm) {
        return new ModelSpec(version, architecture, layers, units, horizon, seasonal, deltas, relative, newLayerNorm);
    }

    /** The same model with another head and inputs; a relative one needs the deltas head. */
    public ModelSpec withHead(boolean newDeltas, boolean newRelative) {
        return new ModelSpec(version, architecture, layers, units, horizon, seasonal, newDeltas, newRelative, layerNorm);
    }
}
