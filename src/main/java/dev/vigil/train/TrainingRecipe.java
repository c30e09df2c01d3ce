package dev.vigil.train;

import dev.vigil.model.ModelFitter;
import dev.vigil.model.ModelSpec;

/**
 * Everything that decides what a training run produces: the network's shape, how series are cut into windows,
 * and the fitting plan. Two runs with the same recipe and data give the same weights.
 */
public record TrainingRecipe(ModelSpec spec, int windowLength, int stride, int scalerMemory,
                             double validationFraction, ModelFitter.Plan plan) {

    /** The recipe of the shipped default: one LSTM layer of 64, trained briefly on synthetic series. */
    public static TrainingRecipe defaults(int horizon, int scalerMemory) {
        return new TrainingRecipe(new ModelSpec(1, 1, 64, horizon), 64, 32, scalerMemory, 0.1,
                new ModelFitter.Plan(6, 32, 0.005, 42));
    }

    public TrainingRecipe withShape(int layers, int units) {
        return new TrainingRecipe(new ModelSpec(spec.version(), layers, units, spec.horizon()), windowLength, stride,
                scalerMemory, validationFraction, plan);
    }

    public TrainingRecipe withEpochs(int epochs) {
        return new TrainingRecipe(spec, windowLength, stride, scalerMemory, validationFraction,
                new ModelFitter.Plan(epochs, plan.batchSize(), plan.learningRate(), plan.seed()));
    }
}
