package dev.vigil.score;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorState;
import dev.vigil.model.Forecaster;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.MapDayBlocks;
import dev.vigil.testing.TestModels;

import org.junit.jupiter.api.Test;

/**
 * Detection judging a fixed reference network: a key's scores are the ones the reference would give as the live
 * network, whatever network publishes the forecasts and however often it is swapped.
 */
class ReferenceJudgeTest {

    private static final int STEPS = 420;
    /** A spike, so that the scores compared are not all zero. */
    private static final int SPIKE = 300;

    private final SensorScorer scorer = new SensorScorer(Fixtures.config().scoring());
    private final Forecaster reference = TestModels.small().newForecaster();

    @Test
    void shouldScoreAsTheReferenceWouldLiveWhateverNetworkPublishesAndHoweverOftenItIsSwapped() {
        List<Forecast> referenceLive = run(step -> reference, null);
        // another network publishes, swapped for another version every 50 readings
        List<Forecast> judgedByReference = run(step -> TestModels.other(1 + step / 50).newForecaster(), reference);

        assertThat(judgedByReference).extracting(Forecast::getAnomalyScore)
                .isEqualTo(referenceLive.stream().map(Forecast::getAnomalyScore).toList())
                .anySatisfy(score -> assertThat(score).isGreaterThan(0.5));
        assertThat(judgedByReference).extracting(Forecast::getAnomalyFlag)
                .isEqualTo(referenceLive.stream().map(Forecast::getAnomalyFlag).toList());
        // what is published is the live network's
        assertThat(judgedByReference.get(STEPS - 1).getExpected())
                .isNotEqualTo(referenceLive.get(STEPS - 1).getExpected());
    }

    @Test
    void shouldWarmTheReferenceFromTheRingOfAKeyJudgedAgainstTheLiveNetworkUntilNow() {
        Forecaster live = TestModels.other(1).newForecaster();
        MapDayBlocks days = new MapDayBlocks();
        SensorState state = null;
        for (int step = 0; step < 200; step++) {
            state = scorer.score(List.of(new SensorScorer.Input("s", state, at(step).toEpochMilli(), healthy(step))),
                    live, days).get(0).state();
        }
        assertThat(state.getReference()).as("judged against the live network").isNull();
        long errorsJudged = state.getError().getCount();

        state = scorer.score(List.of(new SensorScorer.Input("s", state, at(200).toEpochMilli(), healthy(200))), live,
                reference, days).get(0).state();

        assertThat(state.getReference().getVersion()).isEqualTo(reference.spec().version());
        assertThat(state.getReference().getForecast()).as("its forecast of the next reading")
                .isCloseTo(healthy(201), within(5.0));
        assertThat(state.getError().getCount()).as("the error history carried over, rescaled, not restarted")
                .isEqualTo(errorsJudged + 1);
    }

    private List<Forecast> run(IntFunction<Forecaster> live, Forecaster judged) {
        MapDayBlocks days = new MapDayBlocks();
        SensorState state = null;
        List<Forecast> forecasts = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            double value = healthy(step) + (step == SPIKE ? 30 : 0);
            SensorScorer.Scored scored = scorer.score(List.of(new SensorScorer.Input("s", state,
                    at(step).toEpochMilli(), value)), live.apply(step), judged, days).get(0);
            state = scored.state();
            forecasts.add(scored.forecast());
        }
        return forecasts;
    }
}
