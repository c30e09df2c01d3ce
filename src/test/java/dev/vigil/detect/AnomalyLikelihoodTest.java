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
    void shouldCallOrdinaryErrorsOrdinaryAndRareOnesRare() {
        RunningMoments history = RunningMoments.EMPTY;
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            history = history.update(1.0 + 0.1 * random.nextGaussian(), 1000);
        }
        assertThat(AnomalyLikelihood.of(1.0, history)).isBetween(0.4, 0.6);
        assertThat(AnomalyLikelihood.of(2.0, history)).isGreaterThan(0.9999);
        assertThat(AnomalyLikelihood.of(0.5, history)).isLessThan(0.001);
    }

    @Test
    void shouldSayNothingBeforeThereIsHistory() {
        RunningMoments young = RunningMoments.EMPTY.update(1.0, 100).update(1.1, 100);

        assertThat(AnomalyLikelihood.of(50.0, young)).isEqualTo(0.5);
    }
}
