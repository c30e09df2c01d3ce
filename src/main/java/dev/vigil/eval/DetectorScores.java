package dev.vigil.eval;

import java.util.List;

/**
 * One detector's NAB scores on a set of files under both protocols, one entry per profile (in
 * {@link NabScorer.Profile#ALL} order): in-sample (threshold optimised on all the files) and leave-one-category-out.
 */
public record DetectorScores(String name, List<NabScorer.Result> inSample,
                             List<CrossValidation.Outcome> crossValidated) {

    public static DetectorScores of(String name, List<NabScorer.Series> files) {
        List<NabScorer.Result> inSample = NabScorer.Profile.ALL.stream()
                .map(profile -> NabScorer.optimise(files, profile)).toList();
        return new DetectorScores(name, inSample, CrossValidation.run(files));
    }

    public double inSample(int profile) {
        return inSample.get(profile).normalised();
    }

    public double crossValidated(int profile) {
        return crossValidated.get(profile).normalised();
    }
}
