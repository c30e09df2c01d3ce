package dev.vigil.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.vigil.config.VigilConfig;
import dev.vigil.eval.NabEvaluation;
import dev.vigil.eval.NabScorer;
import dev.vigil.eval.QualityReport;
import dev.vigil.eval.SeriesPlot;

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

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Write one PNG per category (series, forecast band, alarms, labelled windows) here.")
    Path plots;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the tables (and links to the --plots pictures) into this markdown page, between "
                    + "its eval:begin/eval:end markers, e.g. docs/QUALITY.md.")
    Path report;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        VigilConfig config = configOptions.load(Map.of());
        int horizon = config.horizon();
        List<NabEvaluation.FileResult> files = NabEvaluation.load(results, data, labels, horizon);
        List<NabScorer.Series> series = files.stream().map(NabEvaluation.FileResult::series).toList();
        List<NabScorer.Result> best = NabScorer.Profile.ALL.stream()
                .map(profile -> NabScorer.optimise(series, profile)).toList();

        printFiles(files, best, horizon);
        for (NabScorer.Result result : best) {
            System.out.printf(Locale.ROOT, "NAB %-19s %6.1f  threshold %.6f  windows detected %d/%d  false alarms %d"
                            + "  raw %.3f%n", result.profile().name(), result.normalised(), result.threshold(),
                    result.detected(), result.windows(), result.falseAlarms(), result.raw());
            for (double threshold : thresholds) {
                NabScorer.Result at = NabScorer.scoreAt(series, result.profile(), threshold);
                System.out.printf(Locale.ROOT, "    at threshold %.6f: %6.1f  detected %d/%d  false alarms %d%n",
                        threshold, at.normalised(), at.detected(), at.windows(), at.falseAlarms());
            }
        }
        double real1 = QualityReport.geometricMean(files, NabEvaluation.FileResult::real, f -> f.forecast().ratio1());
        double realH = QualityReport.geometricMean(files, NabEvaluation.FileResult::real, f -> f.forecast().ratioH());
        double art1 = QualityReport.geometricMean(files, f -> !f.real(), f -> f.forecast().ratio1());
        double artH = QualityReport.geometricMean(files, f -> !f.real(), f -> f.forecast().ratioH());
        System.out.printf(Locale.ROOT, "forecast (geometric mean of MAE ratios): real files step 1 %.3f, step %d "
                + "%.3f; artificial files step 1 %.3f, step %d %.3f%n", real1, horizon, realH, art1, horizon, artH);
        String lastLine = String.format(Locale.ROOT, "NAB standard=%.1f low_fp=%.1f low_fn=%.1f forecast1=%.2f "
                + "forecast%d=%.2f", best.get(0).normalised(), best.get(1).normalised(), best.get(2).normalised(),
                real1, horizon, realH);

        Map<String, String> pictures = plots == null ? Map.of() : drawPlots(files, best.get(0).threshold());
        if (report != null) {
            QualityReport.write(report, QualityReport.markdown(files, best, horizon, pictures, lastLine));
        }
        System.out.println(lastLine);
        return 0;
    }

    /** Per file: windows and, per profile at its threshold, detections, false alarms and raw score. */
    private static void printFiles(List<NabEvaluation.FileResult> files, List<NabScorer.Result> best, int horizon) {
        System.out.printf(Locale.ROOT, "%-52s %6s %4s %6s %4s %8s %8s %8s %7s %7s%n", "file", "rows", "wins", "hits",
                "FPs", "standard", "low_fp", "low_fn", "fcst1", "fcst" + horizon);
        for (NabEvaluation.FileResult file : files) {
            double[] raw = new double[best.size()];
            NabScorer.Result standard = null;
            for (int p = 0; p < best.size(); p++) {
                NabScorer.Result at = NabScorer.scoreAt(List.of(file.series()), best.get(p).profile(),
                        best.get(p).threshold());
                raw[p] = at.raw();
                standard = p == 0 ? at : standard;
            }
            System.out.printf(Locale.ROOT, "%-52s %6d %4d %6d %4d %8.3f %8.3f %8.3f %7.3f %7.3f%n", file.name(),
                    file.series().scores().length, file.series().windows().size(), standard.detected(),
                    standard.falseAlarms(), raw[0], raw[1], raw[2], file.forecast().ratio1(),
                    file.forecast().ratioH());
        }
    }

    /** One picture per category, alarms at the standard profile's threshold; returns links relative to --report. */
    private Map<String, String> drawPlots(List<NabEvaluation.FileResult> files, double threshold) {
        Map<String, String> links = new LinkedHashMap<>();
        QualityReport.pictured(files).forEach((category, file) -> {
            Path png = plots.resolve(category + ".png");
            SeriesPlot.write(file, threshold, png);
            Path base = report == null ? Path.of("").toAbsolutePath()
                    : report.toAbsolutePath().normalize().getParent();
            links.put(category, base.relativize(png.toAbsolutePath().normalize()).toString().replace('\\', '/'));
        });
        return links;
    }
}
