package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import dev.vigil.stats.RunningMoments;

import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {

    @Test
    void shouldMatchTheStandardNormalDistribution() {
        assertThat(AnomalyLikelihood.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(AnomalyLikelihood.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(AnomalyLikelihood.normalCdf(-1.644854)).isCloseTo(0.05, within(1e-6));
        assertThat(AnomalyLikelihood.normalCdf(3.719016)).isCloseTo(0.9999, within(1e-6));
    }

    @Test
    void shouldComputeTheUpperTailOnALogScaleFarIntoTheTail() {
        assertThat(AnomalyLikelihood.log10UpperTail(0)).isCloseTo(Math.log10(0.5), within(1e-6));
        assertThat(AnomalyLikelihood.log10UpperTail(3.719016)).isCloseTo(-4.0, within(1e-4));
        // Q(10) = 7.62e-24: far beyond where 1 - CDF rounds to 0
        assertThat(AnomalyLikelihood.log10UpperTail(10)).isCloseTo(Math.log10(7.619853e-24), within(1e-4));
        assertThat(AnomalyLikelihood.log10UpperTail(-3)).isCloseTo(Math.log10(0.998650), within(1e-6));
    }

    @Test
    void shouldCallOrdinaryErrorsOrdinaryAndKeepRareOnesApart() {
        RunningMoments history = RunningMoments.EMPTY;
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            history = history.update(1.0 + 0.1 * random.nextGaussian(), 1000);
        }
        assertThat(AnomalyLikelihood.surprise(1.0, history, 8)).isLessThan(0.1);
        double rare = AnomalyLikelihood.surprise(1.45, history, 8);
        double rarer = AnomalyLikelihood.surprise(1.55, history, 8);
        assertThat(rare).isBetween(0.5, 0.9);
        assertThat(rarer).isGreaterThan(rare).isLessThan(1.0);
        // rarer than eight decades is more than 1, and far rarer more still: not capped, so still ranked
        double beyond = AnomalyLikelihood.surprise(2.0, history, 8);
        assertThat(beyond).isGreaterThan(1.0);
        assertThat(AnomalyLikelihood.surprise(5.0, history, 8)).isGreaterThan(beyond);
        assertThat(AnomalyLikelihood.surprise(0.5, history, 8)).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void shouldSayNothingBeforeThereIsHistory() {
        RunningMoments young = RunningMoments.EMPTY.update(1.0, 100).update(1.1, 100);

        assertThat(AnomalyLikelihood.surprise(50.0, young, 8)).isEqualTo(0.0);
    }
}
