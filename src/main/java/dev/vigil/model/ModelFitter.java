package dev.vigil.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Fits a network to {@link TrainingWindows} and measures it. The only training code that touches DL4J. */
public final class ModelFitter {

    /**
     * How to fit: epochs over the windows in minibatches, Adam at {@code learningRate}, from {@code seed}, minimising
     * {@code loss}, each gradient clipped element-wise at {@code clip}, and with {@code dropout}, the probability that
     * a unit passed from one layer to the next (never the key's own inputs) is dropped in a training step, counting
     * in the loss the forecasts of each window's last {@code lossSteps} steps (0: of every step). The loss, the
     * clipping and the dropout are part of the network's configuration: a fine-tune keeps those of the network it
     * starts from. The plan's text is part of the shipped model's recorded recipe, so what does not change the weights
     * (the {@link Pace}) stays out, and the loss, the clipping, the dropout and the steps counted are named only when
     * they are not the defaults, so that the recipes before them read as they did.
     *
     * <p>Every step counted (sequence to sequence) asks the network for a forecast at a window's first steps too,
     * from a memory that has seen one or two readings, where a key's streaming memory has seen all of its past. Only
     * the last step counted (sequence to vector) asks for forecasts from a memory that has read the whole window, as
     * a live key's has, but gives one target a window instead of 64 (docs/MODELS.md compares the two).
     */
    public record Plan(int epochs, int batchSize, double learningRate, long seed, TrainingLoss loss, double dropout,
                       double clip, int lossSteps) {

        /** Element-wise gradient clipping of every plan before it could be chosen. */
        public static final double DEFAULT_CLIP = 1.0;

        public Plan {
            Objects.requireNonNull(loss, "loss");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be at least 0 and below 1, not " + dropout);
            }
            if (!(clip > 0 && clip < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("the gradient clip must be a positive number, not " + clip);
            }
            if (lossSteps < 0) {
                throw new IllegalArgumentException("the steps counted in the loss must be 0 (every step) or more, "
                        + "not " + lossSteps);
            }
        }

        /** Counting every step of a window in the loss, as every plan before {@code lossSteps} could be chosen. */
        public Plan(int epochs, int batchSize, double learningRate, long seed, TrainingLoss loss, double dropout,
                    double clip) {
            this(epochs, batchSize, learningRate, seed, loss, dropout, clip, 0);
        }

        /** Minimising {@code loss}, with no dropout and the default clipping. */
        public Plan(int epochs, int batchSize, double learningRate, long seed, TrainingLoss loss) {
            this(epochs, batchSize, learningRate, seed, loss, 0, DEFAULT_CLIP);
        }

        /** Minimising the mean squared error, as every plan before the loss could be chosen. */
        public Plan(int epochs, int batchSize, double learningRate, long seed) {
            this(epochs, batchSize, learningRate, seed, TrainingLoss.MSE);
        }

        public Plan withEpochs(int newEpochs) {
            return new Plan(newEpochs, batchSize, learningRate, seed, loss, dropout, clip, lossSteps);
        }

        public Plan withLoss(TrainingLoss newLoss) {
            return new Plan(epochs, batchSize, learningRate, seed, newLoss, dropout, clip, lossSteps);
        }

        public Plan withDropout(double newDropout) {
            return new Plan(epochs, batchSize, learningRate, seed, loss, newDropout, clip, lossSteps);
        }

        public Plan withClip(double newClip) {
            return new Plan(epochs, batchSize, learningRate, seed, loss, dropout, newClip, lossSteps);
        }

        /** The same plan from another seed: other initial weights, minibatch order, dropout masks and held-out split. */
        public Plan withSeed(long newSeed) {
            return new Plan(epochs, batchSize, learningRate, newSeed, loss, dropout, clip, lossSteps);
        }

        /** The same plan counting each window's last {@code steps} steps in the loss (0: every step). */
        public Plan withLossSteps(int steps) {
            return new Plan(epochs, batchSize, learningRate, seed, loss, dropout, clip, steps);
        }

        @Override
        public String toString() {
            return "Plan[epochs=" + epochs + ", batchSize=" + batchSize + ", learningRate=" + learningRate + ", seed="
                    + seed + (loss == TrainingLoss.MSE ? "" : ", loss=" + loss)
                    + (dropout == 0 ? "" : ", dropout=" + dropout)
                    + (clip == DEFAULT_CLIP ? "" : ", clip=" + clip)
                    + (lossSteps == 0 ? "" : ", lossSteps=" + lossSteps) + "]";
        }
    }

    /**
     * Called after each minibatch with the time it took. The weights do not depend on it: it only decides how long the
     * fitting thread waits before the next minibatch, so that a retrain can leave the stream threads their cores.
     */
    @FunctionalInterface
    public interface Pace {

        Pace FLAT_OUT = busyNanos -> { };

        void afterMinibatch(long busyNanos);
    }

    /**
     * Mean squared error, in scaled units, of the model and of persistence (last value) on the same windows, and the
     * model's mean absolute error.
     */
    public record Validation(double mse, double mseStep1, double persistenceMseStep1, double mae) {

        /** The error a network fitted to {@code loss} is judged by. */
        public double error(TrainingLoss loss) {
            return loss == TrainingLoss.MAE ? mae : mse;
        }
    }

    private ModelFitter() {
    }

    /** Trains a fresh network of {@code spec} on {@code train}. Deterministic for the same inputs and plan. */
    public static ForecastModel fit(ModelSpec spec, TrainingWindows train, Plan plan) {
        if (train.horizon() != spec.horizon() || train.width() != spec.inputs()) {
            throw new IllegalArgumentException("windows have horizon " + train.horizon() + " and " + train.width()
                    + " inputs, model " + spec.horizon() + " and " + spec.inputs());
        }
        ForecastModel model = NetworkFactory.untrained(spec, plan);
        fitEpochs(model.network(), train, spec.deltas(), plan, Pace.FLAT_OUT);
        return model;
    }

    private static void fitEpochs(MultiLayerNetwork network, TrainingWindows train, boolean deltas, Plan plan,
                                  Pace pace) {
        List<TrainingWindows.Window> order = new ArrayList<>(train.windows());
        Random random = new Random(plan.seed());
        // dropout draws its masks from the thread's nd4j generator: seeded here, a fit (a retrain's fine-tune too)
        // draws the same masks whatever ran on the thread before, so a replay stays byte-identical
        Nd4j.getRandom().setSeed(plan.seed());
        for (int epoch = 0; epoch < plan.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += plan.batchSize()) {
                long started = System.nanoTime();
                DataSet batch = toDataSet(order.subList(from, Math.min(order.size(), from + plan.batchSize())), train,
                        deltas);
                if (plan.lossSteps() > 0) {
                    batch.setLabelsMaskArray(lastSteps(batch, train.length(), plan.lossSteps()));
                }
                network.fit(batch);
                pace.afterMinibatch(System.nanoTime() - started);
                stopIfInterrupted();
            }
        }
    }

    /** A labels mask, [batch, time], that counts only each window's last {@code steps} steps (all if it has fewer). */
    private static INDArray lastSteps(DataSet batch, int length, int steps) {
        int windows = (int) batch.getFeatures().size(0);
        float[] mask = new float[windows * length];
        for (int b = 0; b < windows; b++) {
            for (int t = Math.max(0, length - steps); t < length; t++) {
                mask[b * length + t] = 1f;
            }
        }
        return Nd4j.create(mask, new long[] {windows, length}, 'c');
    }

    /**
     * A live retrain runs on a thread of its instance: when the instance closes, the thread is interrupted, and the
     * fit must end there. Native nd4j code ignores interrupts, so without this check a retrain ran all its epochs
     * flat out after its instance had gone (and a bench's next instance ran beside it).
     */
    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("fitting interrupted");
        }
    }

    /**
     * A copy of {@code base} trained further on {@code train} at {@code plan}'s learning rate; {@code base} is
     * untouched. Deterministic for the same inputs and plan.
     */
    public static ForecastModel fineTune(ForecastModel base, TrainingWindows train, Plan plan) {
        return fineTune(base, train, plan, Pace.FLAT_OUT);
    }

    /** The same, telling {@code pace} of every minibatch; the weights do not depend on it. */
    public static ForecastModel fineTune(ForecastModel base, TrainingWindows train, Plan plan, Pace pace) {
        MultiLayerNetwork network;
        synchronized (base.network()) {
            network = base.network().clone();
        }
        // through the architecture: DL4J's setLearningRate leaves a SameDiff layer (the GRU's) at its old rate
        base.spec().architecture().network().setLearningRate(network, plan.learningRate());
        ForecastModel copy = new ForecastModel(base.spec(), network);
        fitEpochs(network, train, base.spec().deltas(), plan, pace);
        return copy;
    }

    /** Scores a model on held-out windows, whole sequences from zero state, as DL4J's output does. */
    public static Validation validate(ForecastModel model, TrainingWindows held) {
        return validate(model, held, Pace.FLAT_OUT);
    }

    /**
     * The same, telling {@code pace} of every window: a live retrain validates two models, a hundred sequences,
     * which unpaced took 0.3–0.4 s of a core in one go at its end (decision 0019). The figures do not depend on it.
     */
    public static Validation validate(ForecastModel model, TrainingWindows held, Pace pace) {
        if (held.size() == 0) {
            return new Validation(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        MultiLayerNetwork network = model.network();
        boolean deltas = model.spec().deltas();
        double sum = 0;
        double sumAbsolute = 0;
        double sumStep1 = 0;
        double sumPersistence = 0;
        long count = 0;
        int length = held.length();
        int horizon = held.horizon();
        for (TrainingWindows.Window window : held.windows()) {
            long started = System.nanoTime();
            INDArray output;
            // the lock is the network's, held for one window at a time: the pause below must not hold it
            synchronized (network) {
                output = network.output(toDataSet(List.of(window), held, deltas).getFeatures());
            }
            for (int t = 0; t < length; t++) {
                // a deltas network's output is the change from the step's value (DeltaForecaster)
                double base = deltas ? window.inputs()[t][NetworkInput.LEVEL] : 0;
                for (int h = 0; h < horizon; h++) {
                    double error = base + output.getDouble(0, h, t) - window.targets()[t][h];
                    sum += error * error;
                    sumAbsolute += Math.abs(error);
                    if (h == 0) {
                        sumStep1 += error * error;
                        double naive = window.inputs()[t][NetworkInput.LEVEL] - window.targets()[t][0];
                        sumPersistence += naive * naive;
                    }
                }
                count++;
            }
            pace.afterMinibatch(System.nanoTime() - started);
            stopIfInterrupted();
        }
        return new Validation(sum / (count * horizon), sumStep1 / count, sumPersistence / count,
                sumAbsolute / (count * horizon));
    }

    /**
     * DL4J's recurrent layout: features [batch, width, time], labels [batch, horizon, time]; for a {@code deltas}
     * network the labels are the targets' changes from the step's own value.
     */
    private static DataSet toDataSet(List<TrainingWindows.Window> batch, TrainingWindows shape, boolean deltas) {
        int length = shape.length();
        int horizon = shape.horizon();
        int width = shape.width();
        float[] features = new float[batch.size() * width * length];
        float[] labels = new float[batch.size() * horizon * length];
        for (int b = 0; b < batch.size(); b++) {
            TrainingWindows.Window window = batch.get(b);
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < width; f++) {
                    features[(b * width + f) * length + t] = NetworkInput.seenByNetwork(shape.spec(),
                            window.inputs()[t], f);
                }
                float base = deltas ? window.inputs()[t][NetworkInput.LEVEL] : 0f;
                for (int h = 0; h < horizon; h++) {
                    labels[(b * horizon + h) * length + t] = window.targets()[t][h] - base;
                }
            }
        }
        return new DataSet(
                Nd4j.create(features, new long[] {batch.size(), width, length}, 'c'),
                Nd4j.create(labels, new long[] {batch.size(), horizon, length}, 'c'));
    }
}
