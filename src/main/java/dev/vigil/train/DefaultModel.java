package dev.vigil.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.TrainingSeries;
import dev.vigil.series.SyntheticSeries;

/**
 * The model Vigil uses when none is configured: trained from {@link dev.vigil.series.SyntheticSeries} with a
 * fixed seed (never from benchmark data), then kept in the cache directory under a name derived from its recipe,
 * so it is trained once per machine and every later run uses the very same weights.
 */
public final class DefaultModel {

    static final int SERIES = 32;
    static final int LENGTH = 2000;
    static final long DATA_SEED = 20261123L;

    private DefaultModel() {
    }

    public static ForecastModel load(Path cacheDir, TrainingRecipe recipe) {
        return ModelCodec.fromUpdate(loadUpdate(cacheDir, recipe));
    }

    /** The default model as the versioned artifact, with its source and validation metrics. */
    public static ModelUpdate loadUpdate(Path cacheDir, TrainingRecipe recipe) {
        Path file = cacheDir.resolve(fileName(recipe));
        if (Files.isRegularFile(file)) {
            return ModelCodec.read(file);
        }
        Trainer.Result result = Trainer.train(syntheticSeries(SERIES), recipe, describeSynthetic(SERIES));
        ModelCodec.write(result.update(), file);
        return result.update();
    }

    /** The default model's kind of training data: {@code count} generated series from the fixed seed. */
    public static List<TrainingSeries> syntheticSeries(int count) {
        return SyntheticSeries.generate(count, LENGTH, DATA_SEED).stream()
                .map(values -> new TrainingSeries(values, 0))
                .toList();
    }

    public static String describeSynthetic(int count) {
        return "synthetic:series=" + count + ",length=" + LENGTH + ",seed=" + DATA_SEED;
    }

    static String fileName(TrainingRecipe recipe) {
        String key = List.of(recipe, SERIES, LENGTH, DATA_SEED).toString();
        return "default-" + Integer.toHexString(key.hashCode()) + ".vgm";
    }
}
