package dev.vigil.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The measured part of {@code docs/QUALITY.md}: written between two marker comments of an existing page (so the
 * prose around it is kept), or as a page of its own. Everything in it comes from one {@code eval} run, the
 * baselines' figures included (their published outputs are scored by the same code); the remaining anchors are
 * the published scores of other detectors and baselines on the same files, quoted from issue 5.
 */
public final class QualityReport {

    static final String BEGIN = "<!-- eval:begin (written by `vigil eval --report`; do not edit by hand) -->";
    static final String END = "<!-- eval:end -->";

    /** Where the published outputs of other detectors on the NAB pack are committed (see its README). */
    public static final String BASELINES = "src/test/resources/nab/baselines";

    /** Detection anchors on these 34 files (NAB's own scorer): name, standard, low FP, low FN (NaN: unknown). */
    private static final Object[][] DETECTORS = {
        {"ARTime", 80.4, 71.6, 85.5},
        {"CAD OSE", 77.2, 74.9, 79.8},
        {"Numenta HTM", 72.8, 66.0, 76.9},
        {"earthgecko Skyline", 65.4, 51.9, 71.5},
        {"KNN CAD", 60.4, Double.NaN, Double.NaN},
        {"Random Cut Forest", 52.4, 42.6, 60.9},
        {"Windowed Gaussian", 50.9, 31.1, 59.0},
        {"null (never alarms)", 0.0, 0.0, 0.0},
    };

    /** Forecast anchors on the 23 real files: name, step 1, step 7 (geometric means of the same ratios). */
    private static final Object[][] FORECASTERS = {
        {"EWMA, best single alpha", 0.966, 1.04},
        {"Holt-Winters", 1.09, 1.12},
        {"best of those per file, picked with hindsight", 0.885, Double.NaN},
    };

    private QualityReport() {
    }

    /** What the committed baselines' folders hold, by folder name (NAB's detector names). */
    private static final Map<String, String> BASELINE_NAMES = Map.of("numenta", "Numenta HTM");

    /** The detector name a folder of published outputs stands for. */
    public static String detectorName(String folder) {
        return BASELINE_NAMES.getOrDefault(folder, folder);
    }

    /**
     * The markdown between the markers: the cross-validated figure first (it says whether the threshold carries
     * over to sensors it was not tuned on), then the in-sample one, each beside the baselines scored the same way.
     *
     * @param vigil     this run's scores
     * @param baselines other detectors' published outputs, scored by the same code under the same protocols
     * @param lastLines what {@code vigil eval} and {@code vigil eval --cross-validate} print last
     */
    public static String markdown(List<NabEvaluation.FileResult> files, DetectorScores vigil,
                                  List<DetectorScores> baselines, int horizon, Map<String, String> pictures,
                                  List<String> lastLines) {
        List<DetectorScores> scored = new ArrayList<>();
        scored.add(vigil);
        scored.addAll(baselines);
        StringBuilder md = new StringBuilder();
        md.append("### Detection: NAB scores on the ").append(files.size()).append(" files\n\n");
        md.append("#### Leave one category out\n\n");
        md.append("Each category's threshold (per profile) is the one optimised on the other categories, applied "
                + "unchanged; the artificial categories are one fold. Raw, null and perfect scores are summed over "
                + "the folds and normalised once.\n\n");
        md.append("| detector | standard | reward low FP | reward low FN |\n|---|---|---|---|\n");
        for (DetectorScores detector : scored) {
            md.append(row(detector, detector == vigil, detector::crossValidated));
        }
        md.append("\nPer fold, standard profile (normalised on the fold alone; a fold without windows has no "
                + "score, only its false alarms):\n\n");
        md.append("| fold | files | windows |");
        scored.forEach(detector -> md.append(' ').append(detector.name()).append(" |"));
        md.append(" Vigil threshold (learned elsewhere) | Vigil detected | Vigil false alarms |\n|---|---|---|");
        scored.forEach(detector -> md.append("---|"));
        md.append("---|---|---|\n");
        List<CrossValidation.FoldScore> vigilFolds = vigil.crossValidated().get(0).folds();
        for (int f = 0; f < vigilFolds.size(); f++) {
            CrossValidation.FoldScore fold = vigilFolds.get(f);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d |", fold.fold().name(), fold.fold().files().size(),
                    fold.fold().windows()));
            for (DetectorScores detector : scored) {
                md.append(' ').append(foldScore(detector, fold.fold().name())).append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.6f | %d / %d | %d |%n", fold.threshold(),
                    fold.here().detected(), fold.here().windows(), fold.here().falseAlarms()));
        }

        md.append("\n#### In-sample\n\n");
        md.append("One threshold per profile for all files, optimised on them.\n\n");
        md.append("| detector | standard | reward low FP | reward low FN |\n|---|---|---|---|\n");
        for (DetectorScores detector : scored) {
            md.append(row(detector, detector == vigil, detector::inSample));
        }
        List<String> computed = scored.stream().map(DetectorScores::name).toList();
        for (Object[] anchor : DETECTORS) {
            if (!computed.contains((String) anchor[0])) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", anchor[0],
                        number(anchor[1], "%.1f"), number(anchor[2], "%.1f"), number(anchor[3], "%.1f")));
            }
        }
        List<String> published = baselines.stream().map(DetectorScores::name).toList();
        md.append("\n").append(vigil.name()).append(" is scored from this run");
        if (!published.isEmpty()) {
            md.append("; ").append(String.join(" and ", published)).append(" by the same code from their published "
                    + "outputs (committed under `").append(BASELINES).append("`)");
        }
        md.append("; the rest are quoted from NAB's published results on the same files.\n");
        md.append("\nVigil's thresholds on all files:\n\n");
        md.append("| profile | threshold | windows detected | false alarms |\n|---|---|---|---|\n");
        for (NabScorer.Result result : vigil.inSample()) {
            md.append(String.format(Locale.ROOT, "| %s | %.6f | %d / %d | %d |%n", result.profile().name(),
                    result.threshold(), result.detected(), result.windows(), result.falseAlarms()));
        }
        List<NabScorer.Result> best = vigil.inSample();

        md.append("\n### Forecasts: MAE ratios after the probationary rows\n\n");
        md.append("Step 1 against persistence; step ").append(horizon)
                .append(" against the better of persistence and seasonal-naive (one day back). Below 1 beats "
                        + "the baseline. Geometric means.\n\n");
        md.append("| forecaster | real files, step 1 | real files, step ").append(horizon)
                .append(" | artificial files, step 1 | artificial files, step ").append(horizon)
                .append(" |\n|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| **Vigil** (this run) | **%.3f** | **%.3f** | %.3f | %.3f |%n",
                geometricMean(files, NabEvaluation.FileResult::real, f -> f.forecast().ratio1()),
                geometricMean(files, NabEvaluation.FileResult::real, f -> f.forecast().ratioH()),
                geometricMean(files, f -> !f.real(), f -> f.forecast().ratio1()),
                geometricMean(files, f -> !f.real(), f -> f.forecast().ratioH())));
        md.append(String.format(Locale.ROOT, "| online AR(%d), recursive least squares (this run's files) | %.3f | "
                        + "%.3f | %.3f | %.3f |%n", NabEvaluation.AR_ORDER,
                geometricMean(files, NabEvaluation.FileResult::real, f -> f.autoregression().ratio1()),
                geometricMean(files, NabEvaluation.FileResult::real, f -> f.autoregression().ratioH()),
                geometricMean(files, f -> !f.real(), f -> f.autoregression().ratio1()),
                geometricMean(files, f -> !f.real(), f -> f.autoregression().ratioH())));
        for (Object[] anchor : FORECASTERS) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | | |%n", anchor[0], number(anchor[1], "%.3f"),
                    number(anchor[2], "%.3f")));
        }
        md.append("\nThe artificial files are perfectly periodic or flat: persistence and seasonal-naive are "
                + "nearly exact there (or exact: a ratio over a zero baseline is left out), so they are kept out "
                + "of the headline.\n");

        md.append("\n### By category (standard profile, at its threshold)\n\n");
        md.append("| category | files | windows detected | false alarms | step 1 | step ").append(horizon)
                .append(" |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<NabEvaluation.FileResult>> category : byCategory(files).entrySet()) {
            List<NabEvaluation.FileResult> members = category.getValue();
            NabScorer.Result at = NabScorer.scoreAt(members.stream().map(NabEvaluation.FileResult::series).toList(),
                    NabScorer.Profile.STANDARD, best.get(0).threshold());
            md.append(String.format(Locale.ROOT, "| %s | %d | %d / %d | %d | %.3f | %.3f |%n", category.getKey(),
                    members.size(), at.detected(), at.windows(), at.falseAlarms(),
                    geometricMean(members, f -> true, f -> f.forecast().ratio1()),
                    geometricMean(members, f -> true, f -> f.forecast().ratioH())));
        }

        md.append("\n### One file per category\n\n");
        pictures.forEach((category, path) -> md.append("![").append(category).append("](").append(path)
                .append(")\n\n"));
        md.append("The last lines of `vigil eval` and `vigil eval --cross-validate`:\n\n```\n")
                .append(String.join("\n", lastLines)).append("\n```\n");
        return md.toString();
    }

    /** Puts {@code generated} between the markers of {@code page}, or writes a page of its own if it has none. */
    public static void write(Path page, String generated) {
        try {
            String text = Files.isRegularFile(page) ? Files.readString(page) : "";
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            String updated = begin >= 0 && end > begin
                    ? text.substring(0, begin + BEGIN.length()) + "\n" + generated + text.substring(end)
                    : text + BEGIN + "\n" + generated + END + "\n";
            Files.createDirectories(page.toAbsolutePath().getParent());
            Files.writeString(page, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page, e);
        }
    }

    /** The file of each category its picture shows: the one with the most labelled windows (first by name). */
    public static Map<String, NabEvaluation.FileResult> pictured(List<NabEvaluation.FileResult> files) {
        Map<String, NabEvaluation.FileResult> chosen = new LinkedHashMap<>();
        byCategory(files).forEach((category, members) -> {
            NabEvaluation.FileResult pick = members.get(0);
            for (NabEvaluation.FileResult member : members) {
                if (member.series().windows().size() > pick.series().windows().size()) {
                    pick = member;
                }
            }
            chosen.put(category, pick);
        });
        return chosen;
    }

    private static Map<String, List<NabEvaluation.FileResult>> byCategory(List<NabEvaluation.FileResult> files) {
        Map<String, List<NabEvaluation.FileResult>> categories = new LinkedHashMap<>();
        for (NabEvaluation.FileResult file : files) {
            categories.computeIfAbsent(file.category(), key -> new ArrayList<>()).add(file);
        }
        return categories;
    }

    /** Geometric mean of the finite, positive ratios (a ratio over a zero baseline is infinite: left out). */
    public static double geometricMean(List<NabEvaluation.FileResult> files, Predicate<NabEvaluation.FileResult> which,
                                       ToDoubleFunction<NabEvaluation.FileResult> ratio) {
        double[] logs = files.stream().filter(which).mapToDouble(ratio)
                .filter(value -> Double.isFinite(value) && value > 0).map(Math::log).toArray();
        return logs.length == 0 ? Double.NaN : Math.exp(Arrays.stream(logs).average().orElse(0));
    }

    private static String row(DetectorScores detector, boolean bold, IntToDoubleFunction score) {
        String format = bold ? "| **%s** (this run) | **%.1f** | **%.1f** | **%.1f** |%n"
                : "| %s | %.1f | %.1f | %.1f |%n";
        return String.format(Locale.ROOT, format, detector.name(), score.applyAsDouble(0), score.applyAsDouble(1),
                score.applyAsDouble(2));
    }

    private static String foldScore(DetectorScores detector, String fold) {
        Double score = CrossValidation.perFold(detector.crossValidated().get(0)).get(fold);
        return score == null || score.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", score);
    }

    private static String number(Object value, String format) {
        double number = (Double) value;
        return Double.isNaN(number) ? "–" : String.format(Locale.ROOT, format, number);
    }
}
