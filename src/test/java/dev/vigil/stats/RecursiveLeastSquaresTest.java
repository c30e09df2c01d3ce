package dev.vigil.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RecursiveLeastSquaresTest {

    @Test
    void shouldFindTheWeightsOfANoiselessLinearRelation() {
        int width = 3;
        // a regression stored after another one's slot, as a key's two are
        int at = RecursiveLeastSquares.size(width);
        double[] state = new double[2 * RecursiveLeastSquares.size(width)];
        RecursiveLeastSquares.reset(state, at, width, 100.0);
        double[] scratch = new double[width];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), 1.0};
            RecursiveLeastSquares.update(state, at, width, x, 2 * x[0] - x[1] + 0.5, 0.999, scratch);
        }

        assertThat(RecursiveLeastSquares.predict(state, at, width, new double[] {1, 1, 1})).isCloseTo(1.5,
                within(1e-3));
        assertThat(state[at]).isCloseTo(2.0, within(1e-3));
        assertThat(state[0]).as("the slot before is untouched").isZero();
    }
}
