package dev.vigil.train;

import java.util.List;
import java.util.Map;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.ModelFitter;
import dev.vigil.model.TrainingSeries;
import dev.vigil.model.TrainingWindows;

/** Trains a model from whole series: cut into windows, hold some out, fit, measure, package. */
public final class Trainer {

    /** A trained model and the versioned artifact that carries it. */
    public record Result(ForecastModel model, ModelUpdate update, ModelFitter.Validation validation,
                         long trainingMillis) {
    }

    private Trainer() {
    }

    public static Result train(List<TrainingSeries> series, TrainingRecipe recipe, String source) {
        TrainingWindows all = new TrainingWindows(recipe.windowLength(), recipe.spec());
        for (TrainingSeries one : series) {
            all.addSeries(one.values(), one.rowsPerDay(), recipe.scalerMemory(), recipe.stride());
        }
        if (all.size() < 2) {
            throw new IllegalArgumentException("too little data to train: " + all.size() + " windows of "
                    + recipe.windowLength() + "+" + recipe.spec().horizon() + " steps; give longer series");
        }
        TrainingWindows[] split = all.split(recipe.validationFraction(), recipe.plan().seed());
        long started = System.nanoTime();
        ForecastModel model = ModelFitter.fit(recipe.spec(), split[0], recipe.plan());
        long millis = (System.nanoTime() - started) / 1_000_000;
        ModelFitter.Validation validation = ModelFitter.validate(model, split[1]);
        ModelUpdate update = ModelCodec.toUpdate(model, source, split[0].size(), Map.of(
                "val_mse", validation.mse(),
                "val_mse_step1", validation.mseStep1(),
                "val_persistence_mse_step1", validation.persistenceMseStep1(),
                "training_ms", (double) millis));
        return new Result(model, update, validation, millis);
    }
}
