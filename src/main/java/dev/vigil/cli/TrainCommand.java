package dev.vigil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.vigil.config.VigilConfig;
import dev.vigil.model.Architecture;
import dev.vigil.model.DailyCycle;
import dev.vigil.model.ModelCodec;
import dev.vigil.model.TrainingLoss;
import dev.vigil.model.TrainingSeries;
import dev.vigil.series.SeriesCsv;
import dev.vigil.train.DefaultModel;
import dev.vigil.train.Trainer;
import dev.vigil.train.TrainingRecipe;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil train}: trains a model offline and writes it as a model file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a forecasting model offline from CSV series (header timestamp,value) or synthetic data.")
final class TrainCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = {"-i", "--input"}, paramLabel = "PATH", description = "A CSV file or a directory of them.")
        Path input;

        @Option(names = "--synthetic", paramLabel = "SERIES",
                description = "Train on this many generated series instead (the default model's kind of data).")
        Integer synthetic;

        @Option(names = "--default", description = "Train the shipped default model: its recipe on its whole corpus "
                + "(write it to " + "src/main/resources" + DefaultModel.RESOURCE + " to ship it).")
        boolean shipped;

        @Option(names = "--reference", description = "Train the shipped reference network, which detection judges: its "
                + "recipe on the default corpus (write it to " + "src/main/resources" + DefaultModel.REFERENCE_RESOURCE
                + " to ship it).")
        boolean shippedReference;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    Path out;

    @Option(names = "--arch", paramLabel = "KIND",
            description = "Network architecture: lstm, gru, conv-gru or wavenet (default: the default recipe's).")
    String architecture;

    @Option(names = "--layers", description = "Layers; a wavenet's dilated layers, a receptive field of 2^layers "
            + "(default: the default recipe's; for a wavenet, enough to span a training window).")
    Integer layers;

    @Option(names = "--units", description = "Units per layer (default: the default recipe's).")
    Integer units;

    @Option(names = "--epochs", description = "Passes over the data (default: the default recipe's).")
    Integer epochs;

    @Option(names = "--no-day-ago", description = "A network that reads the value alone, not the day-ago values.")
    boolean valueOnly;

    @Option(names = "--head", paramLabel = "values|deltas", description = "What the network's head gives: each "
            + "step's value, or its change from the current value (default: the default recipe's).")
    String head;

    @Option(names = "--inputs", paramLabel = "levels|changes", description = "What the network reads: the key's "
            + "scaled value and day-ago values, or only changes (the last change, the day-ago values as offsets from "
            + "the current value), which needs --head deltas (default: the default recipe's).")
    String inputs;

    @Option(names = "--loss", paramLabel = "mse|mae", description = "What the network is fitted to minimise: the "
            + "mean squared or the mean absolute error (default: the default recipe's).")
    String loss;

    @Option(names = "--layer-norm", description = "Layer-normalise each gate's input in every cell (gru and "
            + "conv-gru).")
    boolean layerNorm;

    @Option(names = "--dropout", paramLabel = "P", description = "In training, drop each unit a layer passes to the "
            + "next (and to the head) with probability P, never the key's own inputs; 0 for none (default: the "
            + "default recipe's).")
    Double dropout;

    @Option(names = "--clip", paramLabel = "C", description = "Clip each gradient element to [-C, C] (default: the "
            + "default recipe's).")
    Double clip;

    @Option(names = "--loss-steps", paramLabel = "N", description = "Count in the loss only the forecasts of each "
            + "window's last N steps: 1 trains sequence to vector, 0 counts every step, sequence to sequence "
            + "(default: the default recipe's).")
    Integer lossSteps;

    @Option(names = "--seed", description = "The seed of the initial weights, the minibatch order, the dropout masks "
            + "and the held-out split (default: the default recipe's). Two seeds of one recipe show how far its "
            + "figures move by chance alone (docs/MODELS.md).")
    Long seed;

    @Option(names = "--version-number", defaultValue = "1", description = "Model version to stamp (default: 1).")
    long version;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        VigilConfig config = configOptions.load(Map.of());
        int horizon = config.horizon();
        int scalerMemory = config.getInt(VigilConfig.SCALER_MEMORY);
        TrainingRecipe recipe = source.shippedReference ? TrainingRecipe.reference(horizon, scalerMemory)
                : TrainingRecipe.defaults(horizon, scalerMemory);
        boolean shippedRecipe = source.shipped || source.shippedReference;
        if (shippedRecipe && (architecture != null || layers != null || units != null || epochs != null
                || valueOnly || head != null || inputs != null || loss != null || layerNorm || dropout != null
                || clip != null || lossSteps != null || seed != null)) {
            throw new IllegalArgumentException("--default and --reference train a shipped recipe as it is; drop "
                    + "--arch, --layers, --units, --epochs, --no-day-ago, --head, --inputs, --loss, --layer-norm, "
                    + "--dropout, --clip, --loss-steps and --seed, or train from --synthetic");
        }
        int defaultLayers = recipe.spec().layers();
        if (architecture != null) {
            Architecture named = Architecture.of(architecture);
            recipe = recipe.withArchitecture(named);
            defaultLayers = named.defaultLayers(recipe.windowLength(), defaultLayers);
        }
        recipe = recipe.withShape(layers == null ? defaultLayers : layers,
                        units == null ? recipe.spec().units() : units)
                .withEpochs(epochs == null ? recipe.plan().epochs() : epochs)
                .withSeasonal(!valueOnly)
                .withDeltas(head == null ? recipe.spec().deltas() : deltasHead(head))
                .withLoss(loss == null ? recipe.plan().loss() : TrainingLoss.of(loss))
                .withDropout(dropout == null ? recipe.plan().dropout() : dropout)
                .withClip(clip == null ? recipe.plan().clip() : clip)
                .withLossSteps(lossSteps == null ? recipe.plan().lossSteps() : lossSteps)
                .withSeed(seed == null ? recipe.plan().seed() : seed);
        if (inputs != null) {
            recipe = recipe.withRelative(changesOnly(inputs));
        }
        if (layerNorm) {
            recipe = recipe.withLayerNorm(true);
        }
        Trainer.Result result = shippedRecipe ? DefaultModel.train(recipe) : trainOnSource(config, recipe);
        var update = result.update();
        update.setVersion(version);
        ModelCodec.write(update, out);
        System.out.printf("trained %s in %.1f s on %d windows: val_mse=%.4f step1 mse=%.4f (persistence %.4f)%n",
                update.getArchitecture(), result.trainingMillis() / 1000.0, update.getSampleCount(),
                result.validation().mse(), result.validation().mseStep1(),
                result.validation().persistenceMseStep1());
        System.out.println("wrote " + out);
        return 0;
    }

    private static boolean deltasHead(String head) {
        return switch (head) {
            case "values" -> false;
            case "deltas" -> true;
            default -> throw new IllegalArgumentException("--head must be values or deltas, not " + head);
        };
    }

    private boolean changesOnly(String inputs) {
        return switch (inputs) {
            case "levels" -> false;
            case "changes" -> {
                if ("values".equals(head)) {
                    throw new IllegalArgumentException("--inputs changes needs --head deltas: a network that does not "
                            + "see the level cannot give it");
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("--inputs must be levels or changes, not " + inputs);
        };
    }

    /** Trains on the CSV files or the generated series the command names. */
    private Trainer.Result trainOnSource(VigilConfig config, TrainingRecipe recipe) {
        List<TrainingSeries> series;
        String description;
        if (source.input != null) {
            List<Path> files = SeriesCsv.files(source.input);
            int maxRows = config.getInt(VigilConfig.DAY_MAX_ROWS);
            series = files.stream().map(file -> trainingSeries(SeriesCsv.read(file), maxRows)).toList();
            description = "csv:" + files.size() + " files";
        } else {
            series = DefaultModel.corpus(source.synthetic);
            description = DefaultModel.describeCorpus(source.synthetic);
        }
        // the recipe beside the data, as the shipped model records it: the artifact says how it was trained
        return Trainer.train(series, recipe, description + ";recipe=" + recipe);
    }

    /** A CSV's values, with its readings per day judged from its first intervals as the scorer judges a sensor's. */
    private static TrainingSeries trainingSeries(List<SeriesCsv.Row> rows, int maxRows) {
        long[] intervals = new long[Math.max(0, Math.min(DailyCycle.INTERVALS, rows.size() - 1))];
        for (int i = 0; i < intervals.length; i++) {
            intervals[i] = rows.get(i + 1).epochMillis() - rows.get(i).epochMillis();
        }
        return new TrainingSeries(SeriesCsv.values(rows), DailyCycle.rowsPerDay(intervals, maxRows));
    }
}
