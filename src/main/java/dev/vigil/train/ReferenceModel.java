package dev.vigil.train;

import java.nio.file.Path;

import dev.vigil.config.VigilConfig;
import dev.vigil.model.ForecastModel;
import dev.vigil.model.ModelCodec;

/**
 * The network detection judges where it does not judge the live one, as {@code detect.reference} names it: the
 * reference network shipped with Vigil ({@link TrainingRecipe#reference}), or a model file
 * (docs/decisions/0037-a-reference-network-for-detection.md).
 */
public final class ReferenceModel {

    private ReferenceModel() {
    }

    /** The configured reference network; null for {@code live}, where detection judges the live model. */
    public static ForecastModel load(VigilConfig config) {
        String reference = config.detectReference();
        ForecastModel model = switch (reference) {
            case "live" -> null;
            case "shipped" -> DefaultModel.load(config.modelCacheDir(),
                    TrainingRecipe.reference(config.horizon(), config.getInt(VigilConfig.SCALER_MEMORY)));
            default -> ModelCodec.fromUpdate(ModelCodec.read(Path.of(reference)));
        };
        if (model != null) {
            config.checkEngineCanStep(model.spec());
        }
        return model;
    }
}
