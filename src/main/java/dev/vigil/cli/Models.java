package dev.vigil.cli;

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
        ForecastModel model;
        if (config.modelFile() != null) {
            model = ModelCodec.fromUpdate(ModelCodec.read(config.modelFile()));
        } else {
            System.err.println("vigil: using the default model (trained once from synthetic data, cached in "
                    + config.modelCacheDir() + ")");
            model = DefaultModel.load(config.modelCacheDir(),
                    TrainingRecipe.defaults(config.horizon(), config.getInt(VigilConfig.SCALER_MEMORY)));
        }
        if (model.spec().horizon() != config.horizon()) {
            throw new IllegalArgumentException("the model forecasts " + model.spec().horizon()
                    + " steps but forecast.horizon is " + config.horizon() + "; set forecast.horizon="
                    + model.spec().horizon() + " or train a matching model");
        }
        return model;
    }
}
