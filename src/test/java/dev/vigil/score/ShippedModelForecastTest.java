package dev.vigil.score;

import static dev.vigil.testing.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import dev.vigil.avro.SensorState;
import dev.vigil.model.Forecaster;
import dev.vigil.model.ModelCodec;
import dev.vigil.testing.Fixtures;
import dev.vigil.train.DefaultModel;
import dev.vigil.testing.MapDayBlocks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped model's forecasts behave after a level shift: they settle at the new level instead of extrapolating the
 * jump as a trend, and a sensor that drops to zero is not forecast to fall further.
 */
class ShippedModelForecastTest {

    private static final int BEFORE = 600;
    private static final int SETTLE = 30;
    private static final int AFTER = 300;

    private final Forecaster model = ModelCodec.fromUpdate(DefaultModel.shipped()).newForecaster();
    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final MapDayBlocks days = new MapDayBlocks();

    @ParameterizedTest(name = "from {0} to {1}")
    @CsvSource({"100, 150", "100, 60", "100, 0", "5, 40"})
    void shouldSettleAtTheNewLevelAfterAShift(double from, double to) {
        SplittableRandom random = new SplittableRandom(17);
        double noise = 0.02 * Math.max(from, to);
        double shift = Math.abs(to - from);
        SensorState state = null;
        double[] bias = new double[7];
        double worst = 0;
        int worstStep = -1;
        int settled = 0;
        for (int step = 0; step < BEFORE + AFTER; step++) {
            double level = step < BEFORE ? from : to;
            // a dropout to zero is an exact zero, as a dead sensor reports
            double value = level == 0 ? 0 : level + noise * random.nextGaussian();
            SensorScorer.Scored scored = scorer.score(List.of(new SensorScorer.Input("s", state,
                    at(step).toEpochMilli(), value)), model, days).get(0);
            state = scored.state();
            if (step >= BEFORE + SETTLE) {
                List<Double> forecast = scored.forecast().getForecast();
                for (int h = 0; h < forecast.size(); h++) {
                    double deviation = forecast.get(h) - to;
                    bias[h] += deviation;
                    if (Math.abs(deviation) > worst) {
                        worst = Math.abs(deviation);
                        worstStep = step - BEFORE;
                    }
                }
                settled++;
            }
        }
        for (int h = 0; h < bias.length; h++) {
            assertThat(Math.abs(bias[h] / settled)).as("mean distance of the %d-step forecast from the new level, "
                    + "%d to %d readings after the shift", h + 1, SETTLE, AFTER).isLessThan(0.1 * shift);
        }
        // no forecast runs away in the jump's direction (or below zero after a dropout): within half the shift
        assertThat(worst).as("farthest forecast from the new level (%d readings after the shift)", worstStep)
                .isLessThan(0.5 * shift);
    }
}
