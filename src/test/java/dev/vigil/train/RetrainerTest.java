package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import dev.vigil.model.ForecastModel;
import dev.vigil.model.Forecaster;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkFactory;
import dev.vigil.model.RunningScaler;
import dev.vigil.model.NetworkMemory;
import dev.vigil.model.TrainingLoss;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;

class RetrainerTest {

    private static final int LENGTH = 56;
    private static final int HORIZON = TestModels.HORIZON;

    @Test
    void shouldPublishACandidateThatBeatsTheLiveModelOnHeldOutWindows() {
        Retrainer.Outcome outcome = new Retrainer(settings(0.002, 4, 0.02)).retrain(TestModels.small(), samples());

        assertThat(outcome.publish()).as(outcome.reason()).isTrue();
        assertThat(outcome.update().getMetrics().get("val_mse"))
                .isLessThan(outcome.update().getMetrics().get("live_val_mse"));
        assertThat(outcome.update().getSampleCount()).isEqualTo(outcome.update().getMetrics().get("train_windows")
                .longValue());
        assertThat(outcome.update().getTrainFrom()).isBefore(outcome.update().getTrainTo());
    }

    @Test
    void shouldNotPublishACandidateThatIsWorse() {
        // a learning rate this high wrecks the weights: the candidate forecasts worse than the live model
        Retrainer.Outcome outcome = new Retrainer(settings(0.5, 3, 0.02)).retrain(TestModels.small(), samples());

        assertThat(outcome.publish()).as(outcome.reason()).isFalse();
        assertThat(outcome.update().getMetrics().get("val_mse"))
                .isGreaterThan(outcome.update().getMetrics().get("live_val_mse"));
    }

    @Test
    void shouldJudgeACandidateByTheErrorItsNetworkIsFittedTo() {
        // a network fitted to the mean absolute error is gated on it (decision 0021); a squared-error one as before
        ForecastModel median = NetworkFactory.untrained(new ModelSpec(1, 1, 16, HORIZON), 7, 0.01, TrainingLoss.MAE);
        Retrainer.Outcome outcome = new Retrainer(settings(0.01, 3, 0.02)).retrain(median, samples());

        assertThat(outcome.candidate().loss()).isEqualTo(TrainingLoss.MAE);
        assertThat(outcome.reason()).startsWith("held-out mae ");
        double candidate = outcome.update().getMetrics().get("val_mae");
        double live = outcome.update().getMetrics().get("live_val_mae");
        assertThat(outcome.publish()).as(outcome.reason()).isEqualTo(candidate < live * (1 - 0.02)).isTrue();

        assertThat(new Retrainer(settings(0.002, 1, 0.02)).retrain(TestModels.small(), samples()).reason())
                .startsWith("held-out mse ");
    }

    @Test
    void shouldGiveTheSameCandidateForTheSameWindows() {
        Retrainer retrainer = new Retrainer(settings(0.002, 1, 0.02));

        Retrainer.Outcome first = retrainer.retrain(TestModels.small(), samples());
        Retrainer.Outcome second = retrainer.retrain(TestModels.small(), samples());

        // same weights: the same inputs give the same forecasts (the zip around the weights carries timestamps)
        NetworkMemory a = TestModels.zero(1, 16);
        NetworkMemory b = TestModels.zero(1, 16);
        Forecaster firstForecaster = first.candidate().newForecaster();
        Forecaster secondForecaster = second.candidate().newForecaster();
        for (float input : new float[] {0.1f, -1.2f, 0.7f, 2.0f}) {
            assertThat(secondForecaster.step(input, b)).containsExactly(firstForecaster.step(input, a));
        }
    }

    @Test
    void shouldGiveTheSameCandidatePacedAsFlatOutAndBeToldOfEveryMinibatchAndValidatedWindow() {
        List<Long> minibatches = new ArrayList<>();
        Retrainer.Outcome flatOut = new Retrainer(settings(0.002, 2, 0.02)).retrain(TestModels.small(), samples());
        Retrainer.Outcome paced = new Retrainer(settings(0.002, 2, 0.02), minibatches::add)
                .retrain(TestModels.small(), samples());

        long trainWindows = paced.update().getMetrics().get("train_windows").longValue();
        long heldOut = paced.update().getMetrics().get("holdout_windows").longValue();
        assertThat(minibatches).as("two epochs of minibatches of 32, then each held-out window for each model")
                .hasSize((int) (2 * ((trainWindows + 31) / 32) + 2 * heldOut))
                .allSatisfy(busy -> assertThat(busy).isPositive());
        for (String metric : List.of("val_mse", "val_mse_step1", "live_val_mse")) {
            assertThat(paced.update().getMetrics().get(metric)).as(metric)
                    .isEqualTo(flatOut.update().getMetrics().get(metric));
        }
        NetworkMemory a = TestModels.zero(1, 16);
        NetworkMemory b = TestModels.zero(1, 16);
        Forecaster flatOutForecaster = flatOut.candidate().newForecaster();
        Forecaster pacedForecaster = paced.candidate().newForecaster();
        for (float input : new float[] {0.1f, -1.2f, 0.7f, 2.0f}) {
            assertThat(pacedForecaster.step(input, b)).containsExactly(flatOutForecaster.step(input, a));
        }
    }

    @Test
    void shouldStopAtTheNextMinibatchWhenItsThreadIsInterrupted() {
        List<Long> minibatches = new ArrayList<>();
        // the instance closing interrupts the trainer's thread while the first minibatch runs
        Retrainer retrainer = new Retrainer(settings(0.002, 2, 0.02), busy -> {
            minibatches.add(busy);
            Thread.currentThread().interrupt();
        });
        try {
            assertThatThrownBy(() -> retrainer.retrain(TestModels.small(), samples()))
                    .isInstanceOf(CancellationException.class);
            assertThat(minibatches).hasSize(1);
        } finally {
            Thread.interrupted();
        }
    }

    private static RetrainSettings settings(double learningRate, int epochs, double margin) {
        return new RetrainSettings(LENGTH, HORIZON, 32, 8, 16, 64, 2048, epochs, learningRate, 0.2, margin, 20,
                Duration.ofMinutes(15), Duration.ofDays(3), 1.0);
    }

    /** Windows of a sawtooth with a slow cycle on top, a shape the small model never saw, from four sensors. */
    private static List<Retrainer.Sample> samples() {
        List<Retrainer.Sample> samples = new ArrayList<>();
        for (int sensor = 0; sensor < 4; sensor++) {
            double[] values = new double[1600];
            for (int t = 0; t < values.length; t++) {
                values[t] = (t + 7 * sensor) % 24 / 24.0 + 0.5 * Math.sin(t / 40.0 + sensor);
            }
            RunningScaler scaler = RunningScaler.EMPTY;
            for (double value : values) {
                scaler = scaler.update(value, 2000);
            }
            for (int end = LENGTH + HORIZON; end <= values.length; end += 32) {
                float[] scaled = new float[LENGTH + HORIZON];
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] = scaler.toScaled(values[end - scaled.length + i]);
                }
                samples.add(new Retrainer.Sample(end * 60_000L, scaled, new float[0]));
            }
        }
        return samples;
    }
}
