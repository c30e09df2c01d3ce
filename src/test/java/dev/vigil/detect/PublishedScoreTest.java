package dev.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PublishedScoreTest {

    @Test
    void shouldPublishARarityUpToTheKneeAsItIs() {
        for (double rarity = 0; rarity <= PublishedScore.KNEE; rarity += 0.01) {
            assertThat(PublishedScore.of(rarity)).isEqualTo(rarity);
        }
    }

    @Test
    void shouldKeepRaritiesPastTheCapInOrderAndUnderOne() {
        assertThat(PublishedScore.of(1.0)).isCloseTo(0.95, within(1e-12));
        assertThat(PublishedScore.of(1.8)).isCloseTo(0.99, within(1e-12));
        double previous = PublishedScore.of(PublishedScore.KNEE);
        for (double rarity = 0.91; rarity < 100; rarity *= 1.1) {
            double published = PublishedScore.of(rarity);
            assertThat(published).as("rarity %f", rarity).isGreaterThan(previous).isLessThan(1.0);
            previous = published;
        }
        assertThat(PublishedScore.of(1e300)).isLessThan(1.0);
        assertThat(PublishedScore.of(Double.POSITIVE_INFINITY)).isLessThan(1.0).isGreaterThan(0.99);
    }

    @Test
    void shouldRiseWithTheSameSlopeOnBothSidesOfTheKnee() {
        double step = 1e-6;
        double below = (PublishedScore.of(PublishedScore.KNEE) - PublishedScore.of(PublishedScore.KNEE - step)) / step;
        double above = (PublishedScore.of(PublishedScore.KNEE + step) - PublishedScore.of(PublishedScore.KNEE)) / step;
        assertThat(above).isCloseTo(below, within(1e-3));
    }
}
