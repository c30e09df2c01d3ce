package dev.vigil.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.TrainingSeries;
import dev.vigil.series.KernelSynth;

/**
 * The model Vigil uses when none is configured. It is trained from {@link KernelSynth}'s generated corpus with a fixed
 * seed (never from benchmark data) by {@code vigil train --default}, once, offline, and the artifact is shipped in the
 * jar, so a first run starts at once. A configuration the shipped model does not fit (another horizon or scaler
 * memory) gets the same recipe trained on this machine instead, once, kept in the cache directory under a name
 * derived from the recipe.
 */
public final class DefaultModel {

    /** The shipped artifact, a class-path resource. */
    public static final String RESOURCE = "/dev/vigil/train/default-model.vgm";

    /** The shipped reference network's artifact ({@link TrainingRecipe#reference}), a class-path resource. */
    public static final String REFERENCE_RESOURCE = "/dev/vigil/train/reference-model.vgm";

    static final int SERIES = 2000;
    static final int LENGTH = 4000;
    static final long DATA_SEED = 20261202L;

    private DefaultModel() {
    }

    public static ForecastModel load(Path cacheDir, TrainingRecipe recipe) {
        return ModelCodec.fromUpdate(loadUpdate(cacheDir, recipe));
    }

    /**
     * The default model of {@code recipe} as the versioned artifact, with its source and validation metrics: the
     * shipped one when it was trained by this recipe, else one trained here once and cached.
     */
    public static ModelUpdate loadUpdate(Path cacheDir, TrainingRecipe recipe) {
        return loadUpdate(cacheDir, recipe, SERIES);
    }

    static ModelUpdate loadUpdate(Path cacheDir, TrainingRecipe recipe, int series) {
        ModelUpdate shipped = shippedFrom(source(recipe, series));
        if (shipped != null) {
            return shipped;
        }
        // another horizon or scaler memory than the shipped model's: the same recipe, trained here
        Path file = cacheDir.resolve(fileName(recipe, series));
        if (Files.isRegularFile(file)) {
            return ModelCodec.read(file);
        }
        ModelUpdate update = train(recipe, series).update();
        ModelCodec.write(update, file);
        return update;
    }

    /** Trains {@code recipe} on the default corpus: what {@code vigil train --default} ships. */
    public static Trainer.Result train(TrainingRecipe recipe) {
        return train(recipe, SERIES);
    }

    static Trainer.Result train(TrainingRecipe recipe, int series) {
        return Trainer.train(corpus(series), recipe, source(recipe, series));
    }

    /**
     * Whether a shipped artifact, the default or the reference, is the one {@code recipe} trains on the default
     * corpus.
     */
    public static boolean ships(TrainingRecipe recipe) {
        return shippedFrom(source(recipe)) != null;
    }

    /** The shipped artifact, the default or the reference, trained from {@code source}; null for none. */
    private static ModelUpdate shippedFrom(String source) {
        for (String resource : new String[] {RESOURCE, REFERENCE_RESOURCE}) {
            ModelUpdate shipped = shipped(resource);
            if (shipped != null && source.equals(shipped.getSource())) {
                return shipped;
            }
        }
        return null;
    }

    /** The shipped default artifact, or null when the jar has none. */
    public static ModelUpdate shipped() {
        return shipped(RESOURCE);
    }

    /** The shipped artifact at class-path {@code resource}, or null when the jar has none. */
    public static ModelUpdate shipped(String resource) {
        try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
            return in == null ? null : ModelUpdate.getDecoder().decode(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped model " + resource, e);
        }
    }

    /** The default model's kind of training data: {@code count} generated series from the fixed seed. */
    public static List<TrainingSeries> corpus(int count) {
        return KernelSynth.generate(count, LENGTH, DATA_SEED).stream()
                .map(series -> new TrainingSeries(series.values(), series.rowsPerDay()))
                .toList();
    }

    public static String describeCorpus(int count) {
        return "kernelsynth:series=" + count + ",length=" + LENGTH + ",seed=" + DATA_SEED;
    }

    /** What an artifact trained by {@code recipe} on the default corpus records as its source. */
    public static String source(TrainingRecipe recipe) {
        return source(recipe, SERIES);
    }

    static String source(TrainingRecipe recipe, int series) {
        return describeCorpus(series) + ";recipe=" + recipe;
    }

    static String fileName(TrainingRecipe recipe, int series) {
        return "default-" + Integer.toHexString(source(recipe, series).hashCode()) + ".vgm";
    }
}
