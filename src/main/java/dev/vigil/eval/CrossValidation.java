package dev.vigil.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Leave-one-category-out: does a threshold chosen on some kinds of sensor carry over to another kind? Each
 * fold's threshold (per profile) is the one {@link NabScorer#optimise} picks on the other folds, applied unchanged
 * to the fold; the folds' raw, null and perfect scores are summed and normalised once, as NAB normalises a corpus.
 * The in-sample figure cannot say this: its threshold has seen every file it is judged on.
 */
public final class CrossValidation {

    /** The fold of every category whose name starts with this: artificialNoAnomaly has no window to score alone. */
    static final String ARTIFICIAL = "artificial";

    /** Files scored together, and named after their category (their folder). */
    public record Fold(String name, List<NabScorer.Series> files) {

        public int windows() {
            return files.stream().mapToInt(file -> file.windows().size()).sum();
        }
    }

    /** One fold under one profile: the threshold learned elsewhere and what it scores here. */
    public record FoldScore(Fold fold, NabScorer.Result learnedElsewhere, NabScorer.Result here) {

        public double threshold() {
            return learnedElsewhere.threshold();
        }

        /** False for a fold without windows: its normalised score is 0 whatever it does (null = perfect = 0). */
        public boolean normalisable() {
            return here.windows() > 0;
        }
    }

    /** One profile over all folds: the raw scores summed, normalised once. */
    public record Outcome(NabScorer.Profile profile, List<FoldScore> folds, double raw, int windows,
                          double normalised) {

        public int detected() {
            return folds.stream().mapToInt(fold -> fold.here().detected()).sum();
        }

        public int falseAlarms() {
            return folds.stream().mapToInt(fold -> fold.here().falseAlarms()).sum();
        }
    }

    private CrossValidation() {
    }

    /** The folds, in name order: one per category (a file's folder), the artificial categories as one. */
    public static List<Fold> folds(List<NabScorer.Series> files) {
        Map<String, List<NabScorer.Series>> byFold = new TreeMap<>();
        for (NabScorer.Series file : files) {
            byFold.computeIfAbsent(foldOf(file.name()), key -> new ArrayList<>()).add(file);
        }
        List<Fold> folds = new ArrayList<>();
        byFold.forEach((name, members) -> folds.add(new Fold(name, List.copyOf(members))));
        return folds;
    }

    static String foldOf(String fileName) {
        int slash = fileName.lastIndexOf('/');
        String category = slash < 0 ? "" : fileName.substring(0, slash);
        return category.startsWith(ARTIFICIAL) ? ARTIFICIAL : category;
    }

    /** Every profile over the folds of {@code files}. */
    public static List<Outcome> run(List<NabScorer.Series> files) {
        List<Fold> folds = folds(files);
        return NabScorer.Profile.ALL.stream().map(profile -> run(folds, profile)).toList();
    }

    public static Outcome run(List<Fold> folds, NabScorer.Profile profile) {
        if (folds.size() < 2) {
            throw new IllegalArgumentException("cross-validation needs at least two folds (categories), found "
                    + folds.stream().map(Fold::name).toList());
        }
        List<FoldScore> scores = new ArrayList<>();
        double raw = 0;
        int windows = 0;
        for (Fold fold : folds) {
            List<NabScorer.Series> others = new ArrayList<>();
            folds.stream().filter(other -> other != fold).forEach(other -> others.addAll(other.files()));
            NabScorer.Result learned = NabScorer.optimise(others, profile);
            NabScorer.Result here = NabScorer.scoreAt(fold.files(), profile, learned.threshold());
            scores.add(new FoldScore(fold, learned, here));
            raw += here.raw();
            windows += here.windows();
        }
        return new Outcome(profile, scores, raw, windows, NabScorer.normalise(raw, windows, profile));
    }

    /** The per-fold normalised scores of one outcome, by fold name (NaN for a fold without windows). */
    public static Map<String, Double> perFold(Outcome outcome) {
        Map<String, Double> byFold = new LinkedHashMap<>();
        for (FoldScore fold : outcome.folds()) {
            byFold.put(fold.fold().name(), fold.normalisable() ? fold.here().normalised() : Double.NaN);
        }
        return byFold;
    }
}
