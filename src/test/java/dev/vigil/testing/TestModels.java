package dev.vigil.testing;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

import dev.vigil.avro.NetworkState;
import dev.vigil.model.Architecture;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelFitter;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;
import dev.vigil.model.NetworkMemory;
import dev.vigil.model.TrainingSeries;
import dev.vigil.series.SyntheticSeries;
import dev.vigil.train.Trainer;
import dev.vigil.train.TrainingRecipe;

/** Small real models for tests: trained briefly on synthetic data once per test JVM. */
public final class TestModels {

    public static final int HORIZON = 7;

    private static final Map<String, ForecastModel> CACHE = new ConcurrentHashMap<>();

    private TestModels() {
    }

    /** One LSTM layer of 16 units, a couple of epochs on synthetic series: enough to forecast a smooth cycle. */
    public static ForecastModel small() {
        return CACHE.computeIfAbsent("small", key -> trained(1, 16));
    }

    /** One GRU layer of 16 units, trained as {@link #small()} is: the GRU end to end through the training code. */
    public static ForecastModel smallGru() {
        return small(Architecture.GRU);
    }

    /**
     * One layer of 16 units of {@code architecture} (behind the convolution for a conv-GRU; for a WaveNet, of 16
     * channels, the dilated layers that span a training window), trained as {@link #small()} is: the architecture
     * end to end through the training code.
     */
    public static ForecastModel small(Architecture architecture) {
        TrainingRecipe recipe = smallRecipe(1, 16);
        return CACHE.computeIfAbsent("small-" + architecture.kind(), key ->
                Trainer.train(withoutDay(SyntheticSeries.generate(12, 800, 5)), recipe.withArchitecture(architecture)
                        .withShape(architecture.defaultLayers(recipe.windowLength(), 1), 16),
                        "test-" + architecture.kind()).model());
    }

    /**
     * Another small model of the same shape, trained from other data and seed, under {@code version}: what a
     * retrain would publish.
     */
    public static ForecastModel other(long version) {
        return CACHE.computeIfAbsent("other", key -> Trainer.train(withoutDay(SyntheticSeries.generate(12, 800, 99)),
                new TrainingRecipe(new ModelSpec(1, 1, 16, HORIZON), 64, 32, 2000, 0.1,
                        new ModelFitter.Plan(2, 32, 0.01, 23)), "test-other").model()).withVersion(version);
    }

    /** Random weights of any shape, for parity checks that do not need a good forecaster. */
    public static ForecastModel untrained(int layers, int units) {
        return NetworkFactory.untrained(new ModelSpec(1, layers, units, HORIZON), 7, 0.01);
    }

    /** Random weights of a model that also reads the day-ago values. */
    public static ForecastModel untrainedSeasonal(int layers, int units) {
        return NetworkFactory.untrained(new ModelSpec(1, Architecture.LSTM, layers, units, HORIZON, true), 7, 0.01);
    }

    public static TrainingRecipe smallRecipe(int layers, int units) {
        return new TrainingRecipe(new ModelSpec(1, layers, units, HORIZON), 64, 32, 2000, 0.1,
                new ModelFitter.Plan(3, 32, 0.01, 11));
    }

    private static ForecastModel trained(int layers, int units) {
        List<TrainingSeries> series = withoutDay(SyntheticSeries.generate(12, 800, 5));
        return Trainer.train(series, smallRecipe(layers, units), "test").model();
    }

    /** Series with no daily rate known, for the models that read the value alone. */
    public static List<TrainingSeries> withoutDay(List<double[]> series) {
        return series.stream().map(values -> new TrainingSeries(values, 0)).toList();
    }

    /** A fresh LSTM key's memory, for a model of this shape. */
    public static NetworkMemory zero(int layers, int units) {
        return Architecture.LSTM.zero(new ModelSpec(1, layers, units, HORIZON));
    }

    /** A stored LSTM key's memory, for a model of this shape. */
    public static NetworkMemory restore(NetworkState stored, int layers, int units) {
        return Architecture.LSTM.restore(stored, new ModelSpec(1, layers, units, HORIZON));
    }
}
