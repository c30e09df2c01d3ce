package dev.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class OnlineAutoregressionTest {

    @Test
    void shouldLearnAnAutoregressiveSeriesAndBeatPersistence() {
        SplittableRandom random = new SplittableRandom(5);
        double[] values = new double[3000];
        for (int t = 2; t < values.length; t++) {
            values[t] = 1.2 * values[t - 1] - 0.5 * values[t - 2] + random.nextGaussian();
        }
        double[] forecast = OnlineAutoregression.forecasts(values, 16, 1);
        ForecastErrors errors = ForecastErrors.of(values, forecast, forecast, 1, 288, 500);

        // the noise is the floor: mean |N(0,1)| = 0.80, persistence is far above it
        assertThat(errors.mae1()).isLessThan(0.9);
        assertThat(errors.ratio1()).isLessThan(0.9);
    }

    @Test
    void shouldForecastACleanCycleSeveralStepsAheadAlmostExactly() {
        double[] values = new double[3000];
        for (int t = 0; t < values.length; t++) {
            values[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 48);
        }
        double[] forecast = OnlineAutoregression.forecasts(values, 16, 7);

        ForecastErrors errors = ForecastErrors.of(values, forecast, forecast, 7, 48, 500);
        assertThat(errors.maeH()).isLessThan(0.05 * errors.persistenceH());
    }
}
