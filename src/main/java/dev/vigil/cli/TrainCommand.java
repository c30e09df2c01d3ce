package dev.vigil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.vigil.config.VigilConfig;
import dev.vigil.model.DailyCycle;
import dev.vigil.model.ModelCodec;
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
                description = "Train on this many generated series instead (the default model's data).")
        Integer synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    Path out;

    @Option(names = "--layers", defaultValue = "1", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--units", defaultValue = "64", description = "Units per LSTM layer (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--epochs", defaultValue = "6", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--version-number", defaultValue = "1", description = "Model version to stamp (default: 1).")
    long version;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        VigilConfig config = configOptions.load(Map.of());
        TrainingRecipe recipe = TrainingRecipe.defaults(config.horizon(), config.getInt(VigilConfig.SCALER_MEMORY))
                .withShape(layers, units)
                .withEpochs(epochs);
        List<TrainingSeries> series;
        String description;
        if (source.input != null) {
            List<Path> files = SeriesCsv.files(source.input);
            int maxRows = config.getInt(VigilConfig.DAY_MAX_ROWS);
            series = files.stream().map(file -> trainingSeries(SeriesCsv.read(file), maxRows)).toList();
            description = "csv:" + files.size() + " files";
        } else {
            series = DefaultModel.syntheticSeries(source.synthetic);
            description = DefaultModel.describeSynthetic(source.synthetic);
        }
        Trainer.Result result = Trainer.train(series, recipe, description);
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

    /** A CSV's values, with its readings per day judged from its first intervals as the scorer judges a sensor's. */
    private static TrainingSeries trainingSeries(List<SeriesCsv.Row> rows, int maxRows) {
        long[] intervals = new long[Math.max(0, Math.min(DailyCycle.INTERVALS, rows.size() - 1))];
        for (int i = 0; i < intervals.length; i++) {
            intervals[i] = rows.get(i + 1).epochMillis() - rows.get(i).epochMillis();
        }
        return new TrainingSeries(SeriesCsv.values(rows), DailyCycle.rowsPerDay(intervals, maxRows));
    }
}
