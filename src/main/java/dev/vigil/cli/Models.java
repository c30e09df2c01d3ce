package dev.vigil.cli;

import dev.vigil.avro.ModelUpdate;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;
import dev.vigil.train.DefaultModel;
import dev.vigil.train.TrainingRecipe;

/** The model a command starts with: the configured file, or the default model. */
final class Models {

    private Models() {
    }

    static ForecastModel load(VigilConfig config) {
        return ModelCodec.fromUpdate(loadUpdate(config));
    }

    /** The same as the versioned artifact (with where it came from and how it validated). */
    static ModelUpdate loadUpdate(VigilConfig config) {
        ModelUpdate update;
        if (config.modelFile() != null) {
            update = ModelCodec.read(config.modelFile());
        } else {
            TrainingRecipe recipe = TrainingRecipe.defaults(config.horizon(), config.getInt(VigilConfig.SCALER_MEMORY));
            if (!DefaultModel.ships(recipe)) {
                System.err.println("vigil: the shipped default model does not fit this configuration; training one "
                        + "by its recipe for it, once (cached in " + config.modelCacheDir() + ")");
            }
            update = DefaultModel.loadUpdate(config.modelCacheDir(), recipe);
        }
        ForecastModel model = ModelCodec.fromUpdate(update);
        if (model.spec().horizon() != config.horizon()) {
            throw new IllegalArgumentException("the model forecasts " + model.spec().horizon()
                    + " steps but forecast.horizon is " + config.horizon() + "; set forecast.horizon="
                    + model.spec().horizon() + " or train a matching model");
        }
        config.checkEngineCanStep(model.spec());
        return update;
    }
}
