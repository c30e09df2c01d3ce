package dev.vigil.train;

import dev.vigil.model.Architecture;
import dev.vigil.model.ModelFitter;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.TrainingLoss;

/**
 * Everything that decides what a training run produces: the network's shape, how series are cut into windows,
 * and the fitting plan. Two runs with the same recipe and data give the same weights.
 */
public record TrainingRecipe(ModelSpec spec, int windowLength, int stride, int scalerMemory,
                             double validationFraction, ModelFitter.Plan plan) {

    /**
     * The recipe of the shipped default, the network that publishes the forecasts: one LSTM layer of 64 that reads only
     * changes (the last change, the day-ago values as offsets from the current value) and gives each step's change,
     * fitted to the mean absolute error (docs/decisions/0025-relative-inputs.md). It forecasts better than a network
     * that reads the level and detects worse, so detection judges the {@link #reference} network instead
     * (docs/decisions/0038-the-relative-network-publishes.md).
     */
    public static TrainingRecipe defaults(int horizon, int scalerMemory) {
        return reference(horizon, scalerMemory).withRelative(true).withLoss(TrainingLoss.MAE);
    }

    /**
     * The recipe of the shipped reference network, whose one-step forecast detection judges
     * (docs/decisions/0037-a-reference-network-for-detection.md): one LSTM layer of 64 reading the level and the
     * day-ago values, fitted to the mean squared error; the shipped default before decision 0038, on which detection
     * was tuned.
     */
    public static TrainingRecipe reference(int horizon, int scalerMemory) {
        return new TrainingRecipe(new ModelSpec(1, Architecture.LSTM, 1, 64, horizon, true), 64, 64, scalerMemory, 0.05,
                new ModelFitter.Plan(2, 64, 0.005, 42));
    }

    public TrainingRecipe withShape(int layers, int units) {
        return withSpec(spec.withShape(layers, units));
    }

    /** The same recipe for another architecture. */
    public TrainingRecipe withArchitecture(Architecture architecture) {
        return withSpec(spec.withArchitecture(architecture));
    }

    /** The same recipe for a network that reads the day-ago values ({@code true}) or the value alone. */
    public TrainingRecipe withSeasonal(boolean seasonal) {
        return withSpec(spec.withSeasonal(seasonal));
    }

    /**
     * The same recipe for a network whose head gives each step's change from the current value ({@code true}); a
     * relative one stays relative only with such a head.
     */
    public TrainingRecipe withDeltas(boolean deltas) {
        return withSpec(spec.withHead(deltas, spec.relative() && deltas));
    }

    /** The same recipe for a network that never sees the level ({@code true}: a relative one, with a deltas head). */
    public TrainingRecipe withRelative(boolean relative) {
        return withSpec(spec.withHead(spec.deltas() || relative, relative));
    }

    public TrainingRecipe withEpochs(int epochs) {
        return withPlan(plan.withEpochs(epochs));
    }

    /** The same recipe minimising another loss. */
    public TrainingRecipe withLoss(TrainingLoss loss) {
        return withPlan(plan.withLoss(loss));
    }

    /** The same recipe for a network whose cells are layer-normalised ({@code true}) or not. */
    public TrainingRecipe withLayerNorm(boolean layerNorm) {
        return withSpec(spec.withLayerNorm(layerNorm));
    }

    /** The same recipe dropping units between layers with probability {@code dropout} in training (0: none). */
    public TrainingRecipe withDropout(double dropout) {
        return withPlan(plan.withDropout(dropout));
    }

    /** The same recipe clipping each gradient element at {@code clip}. */
    public TrainingRecipe withClip(double clip) {
        return withPlan(plan.withClip(clip));
    }

    /** The same recipe from another seed ({@link ModelFitter.Plan#withSeed}). */
    public TrainingRecipe withSeed(long seed) {
        return withPlan(plan.withSeed(seed));
    }

    /** The same recipe counting each window's last {@code steps} steps in the loss (0: every step). */
    public TrainingRecipe withLossSteps(int steps) {
        return withPlan(plan.withLossSteps(steps));
    }

    private TrainingRecipe withPlan(ModelFitter.Plan next) {
        return new TrainingRecipe(spec, windowLength, stride, scalerMemory, validationFraction, next);
    }

    private TrainingRecipe withSpec(ModelSpec next) {
        return new TrainingRecipe(next, windowLength, stride, scalerMemory, validationFraction, plan);
    }
}
