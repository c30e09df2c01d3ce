package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.vigil.config.VigilConfig;
import dev.vigil.eval.CrossValidation;
import dev.vigil.eval.DetectorScores;
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

    @Option(names = "--data", paramLabel = "DIR", description = "The replayed CSV files. Without it, the files "
            + "scored are those under --results, their rows the results' own timestamps (no forecast measures).")
    Optional<Path> data = Optional.empty();

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

    @Option(names = "--cross-validate", description = "Leave one category out: each category's threshold is "
            + "optimised on the other categories (the artificial ones are one fold) and applied unchanged; prints a "
            + "table per fold and, last, `NAB cv standard=… low_fp=… low_fn=…`.")
    boolean crossValidate;

    @Option(names = "--baselines", paramLabel = "DIR", description = "With --report: score the published outputs "
            + "of other detectors under DIR (one folder per detector, e.g. " + QualityReport.BASELINES + ") the "
            + "same way, and put them beside this run.")
    Optional<Path> baselines = Optional.empty();

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
        String lastLine = String.format(Locale.ROOT, "NAB standard=%.1f low_fp=%.1f low_fn=%.1f",
                best.get(0).normalised(), best.get(1).normalised(), best.get(2).normalised());
        if (files.stream().anyMatch(file -> file.forecast().measured())) {
            double real1 = QualityReport.geometricMean(files, NabEvaluation.FileResult::real,
                    f -> f.forecast().ratio1());
            double realH = QualityReport.geometricMean(files, NabEvaluation.FileResult::real,
                    f -> f.forecast().ratioH());
            double art1 = QualityReport.geometricMean(files, f -> !f.real(), f -> f.forecast().ratio1());
            double artH = QualityReport.geometricMean(files, f -> !f.real(), f -> f.forecast().ratioH());
            System.out.printf(Locale.ROOT, "forecast (geometric mean of MAE ratios): real files step 1 %.3f, step %d "
                    + "%.3f; artificial files step 1 %.3f, step %d %.3f%n", real1, horizon, realH, art1, horizon,
                    artH);
            System.out.printf(Locale.ROOT, "online AR(%d) on the same rows: real files step 1 %.3f, step %d %.3f; "
                            + "artificial files step 1 %.3f, step %d %.3f%n", NabEvaluation.AR_ORDER,
                    QualityReport.geometricMean(files, NabEvaluation.FileResult::real, f -> f.autoregression().ratio1()),
                    horizon,
                    QualityReport.geometricMean(files, NabEvaluation.FileResult::real, f -> f.autoregression().ratioH()),
                    QualityReport.geometricMean(files, f -> !f.real(), f -> f.autoregression().ratio1()), horizon,
                    QualityReport.geometricMean(files, f -> !f.real(), f -> f.autoregression().ratioH()));
            lastLine += String.format(Locale.ROOT, " forecast1=%.2f forecast%d=%.2f", real1, horizon, realH);
        }

        List<CrossValidation.Outcome> crossValidated = crossValidate || report != null
                ? CrossValidation.run(series) : List.of();
        String cvLine = crossValidated.isEmpty() ? "" : String.format(Locale.ROOT,
                "NAB cv standard=%.1f low_fp=%.1f low_fn=%.1f", crossValidated.get(0).normalised(),
                crossValidated.get(1).normalised(), crossValidated.get(2).normalised());
        if (crossValidate) {
            printFolds(crossValidated);
        }

        Map<String, String> pictures = plots == null ? Map.of() : drawPlots(files, best.get(0).threshold());
        if (report != null) {
            QualityReport.write(report, QualityReport.markdown(files,
                    new DetectorScores("Vigil", best, crossValidated), scoreBaselines(horizon), horizon, pictures,
                    List.of(lastLine, cvLine)));
        }
        System.out.println(crossValidate ? cvLine : lastLine);
        return 0;
    }

    /** Per profile and fold: the threshold learned on the other folds, and what it scores on the fold. */
    private static void printFolds(List<CrossValidation.Outcome> outcomes) {
        System.out.println("cross-validation, leave one category out (threshold optimised on the other folds):");
        System.out.printf(Locale.ROOT, "%-19s %-22s %10s %8s %9s %6s%n", "profile", "fold", "threshold", "score",
                "detected", "FPs");
        for (CrossValidation.Outcome outcome : outcomes) {
            for (CrossValidation.FoldScore fold : outcome.folds()) {
                System.out.printf(Locale.ROOT, "%-19s %-22s %10.6f %8s %5d/%-3d %6d%n", outcome.profile().name(),
                        fold.fold().name(), fold.threshold(), fold.normalisable()
                                ? String.format(Locale.ROOT, "%.1f", fold.here().normalised()) : "-",
                        fold.here().detected(), fold.here().windows(), fold.here().falseAlarms());
            }
        }
        for (CrossValidation.Outcome outcome : outcomes) {
            System.out.printf(Locale.ROOT, "NAB cv %-19s %6.1f  windows detected %d/%d  false alarms %d  raw %.3f%n",
                    outcome.profile().name(), outcome.normalised(), outcome.detected(), outcome.windows(),
                    outcome.falseAlarms(), outcome.raw());
        }
    }

    /** Each folder under --baselines: a detector's published outputs, scored as this run is. */
    private List<DetectorScores> scoreBaselines(int horizon) {
        if (baselines.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(baselines.get())) {
            return folders.filter(Files::isDirectory).sorted()
                    .map(folder -> DetectorScores.of(QualityReport.detectorName(folder.getFileName().toString()),
                            NabEvaluation.load(folder, Optional.empty(), labels, horizon).stream()
                                    .map(NabEvaluation.FileResult::series).toList()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + baselines.get(), e);
        }
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
            System.out.printf(Locale.ROOT, "%-52s %6d %4d %6d %4d %8.3f %8.3f %8.3f %7s %7s%n", file.name(),
                    file.series().scores().length, file.series().windows().size(), standard.detected(),
                    standard.falseAlarms(), raw[0], raw[1], raw[2], ratio(file.forecast().ratio1()),
                    ratio(file.forecast().ratioH()));
        }
    }

    /** A forecast ratio, or "-" where there is none (a detector's published outputs have no forecast). */
    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
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
