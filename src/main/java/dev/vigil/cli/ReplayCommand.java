package dev.vigil.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.vigil.config.VigilConfig;
import dev.vigil.model.ForecastModel;
import dev.vigil.replay.CsvReplay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil replay}: scores CSV series through the real topology, deterministically, with no broker. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Score CSV series (header timestamp,value; one sensor per file) through the scoring topology "
                + "and write, per file, timestamp,value,anomaly_score,is_anomaly,forecast_1..H,lower_1,upper_1,"
                + "anomaly_signal.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH", description = "A CSV file or a directory.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Output directory; each input file is written at the same relative path.")
    Path out;

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "Model file from `vigil train`; default: the built-in model, trained on synthetic data.")
    Path model;

    @Option(names = "--threads", defaultValue = "2", description = "Files replayed at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        Map<String, String> flags = new HashMap<>();
        if (model != null) {
            flags.put(VigilConfig.MODEL_FILE, model.toString());
        }
        VigilConfig config = configOptions.load(flags);
        ForecastModel forecastModel = Models.load(config);
        CsvReplay.Summary summary = new CsvReplay(config, forecastModel).run(input, out, threads);
        System.out.printf("replayed %d files, %d rows in %.1f s (%.0f rows/s): %d flagged, %d dead letters -> %s%n",
                summary.files(), summary.rows(), summary.millis() / 1000.0,
                summary.rows() * 1000.0 / Math.max(1, summary.millis()), summary.flagged(), summary.deadLetters(),
                out);
        return 0;
    }
}
