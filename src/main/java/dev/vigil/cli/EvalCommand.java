package dev.vigil.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import dev.vigil.config.VigilConfig;
import dev.vigil.eval.NabEvaluation;
import dev.vigil.eval.NabScorer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil eval}: NAB detection scores and forecast error ratios of replay outputs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score `vigil replay` outputs against labelled windows (the NAB rules, three profiles, one "
                + "optimised threshold) and forecast error against persistence and seasonal-naive baselines.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--results", required = true, paramLabel = "DIR", description = "What `vigil replay` wrote.")
    Path results;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The replayed CSV files.")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "combined_windows.json")
    Path labels;

    @Option(names = "--threshold", split = ",", paramLabel = "T",
            description = "Also score at these thresholds (comma-separated).")
    List<Double> thresholds = new ArrayList<>();

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        VigilConfig config = configOptions.load(Map.of());
        int horizon = config.horizon();
        List<NabEvaluation.FileResult> files = NabEvaluation.load(results, data, labels, horizon);
        List<NabScorer.Series> series = files.stream().map(NabEvaluation.FileResult::series).toList();

        System.out.printf("%-50s %7s %8s %9s %9s%n", "file", "rows", "windows", "fcst1", "fcst" + horizon);
        for (NabEvaluation.FileResult file : files) {
            System.out.printf("%-50s %7d %8d %9.3f %9.3f%n", file.name(), file.series().scores().length,
                    file.series().windows().size(), file.forecast().ratio1(), file.forecast().ratioH());
        }
        List<NabScorer.Result> best = new ArrayList<>();
        for (NabScorer.Profile profile : NabScorer.Profile.ALL) {
            NabScorer.Result result = NabScorer.optimise(series, profile);
            best.add(result);
            System.out.printf("NAB %-19s %6.1f  threshold %.6f  windows detected %d/%d  false alarms %d%n",
                    profile.name(), result.normalised(), result.threshold(), result.detected(), result.windows(),
                    result.falseAlarms());
            for (double threshold : thresholds) {
                NabScorer.Result at = NabScorer.scoreAt(series, profile, threshold);
                System.out.printf("    at threshold %.6f: %6.1f  detected %d/%d  false alarms %d%n", threshold,
                        at.normalised(), at.detected(), at.windows(), at.falseAlarms());
            }
        }
        double real1 = geometricMean(files, NabEvaluation.FileResult::real, file -> file.forecast().ratio1());
        double realH = geometricMean(files, NabEvaluation.FileResult::real, file -> file.forecast().ratioH());
        double art1 = geometricMean(files, file -> !file.real(), file -> file.forecast().ratio1());
        double artH = geometricMean(files, file -> !file.real(), file -> file.forecast().ratioH());
        System.out.printf("forecast (geometric mean of MAE ratios): real files step 1 %.3f, step %d %.3f; "
                + "artificial files step 1 %.3f, step %d %.3f%n", real1, horizon, realH, art1, horizon, artH);
        System.out.printf("NAB standard=%.1f low_fp=%.1f low_fn=%.1f forecast1=%.2f forecast%d=%.2f%n",
                best.get(0).normalised(), best.get(1).normalised(), best.get(2).normalised(), real1, horizon, realH);
        return 0;
    }

    private static double geometricMean(List<NabEvaluation.FileResult> files,
                                        Predicate<NabEvaluation.FileResult> which,
                                        ToDoubleFunction<NabEvaluation.FileResult> ratio) {
        double[] logs = files.stream().filter(which).mapToDouble(ratio)
                .filter(value -> Double.isFinite(value) && value > 0).map(Math::log).toArray();
        return logs.length == 0 ? Double.NaN : Math.exp(Arrays.stream(logs).average().orElse(0));
    }
}
