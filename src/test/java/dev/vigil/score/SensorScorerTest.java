package dev.vigil.score;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.LastEpisode;
import dev.vigil.avro.SensorState;
import dev.vigil.config.VigilConfig;
import dev.vigil.detect.PublishedScore;
import dev.vigil.detect.Signal;
import dev.vigil.kafka.AvroSerde;
import dev.vigil.model.Forecaster;
import dev.vigil.model.ModelSpec;
import dev.vigil.model.NetworkMemory;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;
import dev.vigil.testing.MapDayBlocks;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class SensorScorerTest {

    private static final String SENSOR = "s1";

    private final ScoringSettings settings = Fixtures.config().scoring();
    private final Forecaster model = TestModels.small().newForecaster();
    private SensorScorer scorer = new SensorScorer(settings);
    private final MapDayBlocks days = new MapDayBlocks();
    private SensorState state;
    private final List<Forecast> forecasts = new ArrayList<>();
    private final List<AnomalyEvent> events = new ArrayList<>();
    /** The key's state after each reading, copied (the scorer moves a state on in place). */
    private final List<SensorState> states = new ArrayList<>();

    @Test
    void shouldWarmUpAFreshKeyWithoutFlags() {
        for (int step = 0; step < Fixtures.WARMUP; step++) {
            score(step, healthy(step));
        }

        assertThat(forecasts.get(0).getExpected()).as("nothing was forecast before the first reading").isNull();
        assertThat(forecasts).allSatisfy(forecast -> {
            assertThat(forecast.getWarmingUp()).isTrue();
            assertThat(forecast.getAnomalyFlag()).isFalse();
        });
        assertThat(events).isEmpty();
        assertThat(state.getSteps()).isEqualTo(Fixtures.WARMUP);
        assertThat(score(Fixtures.WARMUP, healthy(Fixtures.WARMUP)).getWarmingUp()).isFalse();
    }

    @Test
    void shouldFlagASpikeAfterWarmupAndOpenOneEpisodeThatClosesAfterCalm() {
        healthyUntil(300);

        Forecast spike = score(300, healthy(300) + 30);
        int lastFlag = 300;
        for (int step = 301; step < 400; step++) {
            if (score(step, healthy(step)).getAnomalyFlag()) {
                lastFlag = step;
            }
        }

        assertThat(spike.getAnomalyFlag()).isTrue();
        assertThat(events).extracting(AnomalyEvent::getState).containsExactly(EpisodeState.OPENED, EpisodeState.CLOSED);
        assertThat(events).extracting(AnomalyEvent::getEpisodeId).containsOnly(1L);
        assertThat(events.get(0).getStartedAt()).isEqualTo(at(300));
        assertThat(events.get(1).getEndedAt()).as("closed by calm readings after the last flag")
                .isEqualTo(at(lastFlag + settings.closeAfterSteps()));
        assertThat(state.getEpisode().getOpen()).isFalse();
    }

    @Test
    void shouldPublishOneHighScoreForAnEpisodeItsStrengthAFewReadingsIn() {
        healthyUntil(300);

        for (int step = 300; step < 400; step++) {
            score(step, step < 305 ? healthy(step) + 30 : healthy(step));
        }

        List<Forecast> incident = forecasts.subList(300, 400);
        int confirmed = settings.confirmSteps();
        assertThat(incident.get(0).getAnomalyFlag()).as("the episode opens at once").isTrue();
        assertThat(events.get(0).getStartedAt()).isEqualTo(at(300));
        assertThat(incident).filteredOn(forecast -> forecast.getAnomalyScore() >= settings.flagThreshold())
                .as("one reading of the incident publishes a score past the flag threshold: its confirmation")
                .containsExactly(incident.get(confirmed));
        // the readings before it published their own scores (up to 1) damped
        double strongestBefore = incident.subList(0, confirmed).stream()
                .mapToDouble(forecast -> forecast.getAnomalyScore() / settings.openDamping()).max().orElseThrow();
        assertThat(incident.get(confirmed).getAnomalyScore()).as("the strongest score of its first readings")
                .isGreaterThanOrEqualTo(PublishedScore.of(strongestBefore));
    }

    @Test
    void shouldPublishTheEpisodesOfAKeyThatKeepsAlarmingWeaker() {
        healthyUntil(300);

        // the same incident every hundred readings, eight of them within the key's memory
        for (int step = 300; step < 1100; step++) {
            score(step, step % 100 < 3 ? healthy(step) + 30 : healthy(step));
        }

        List<AnomalyEvent> closed = events.stream().filter(event -> event.getState() == EpisodeState.CLOSED)
                .toList();
        assertThat(closed).hasSizeGreaterThan((int) settings.expectedEpisodes() + 2);
        for (int i = 0; i < closed.size(); i++) {
            Instant startedAt = closed.get(i).getStartedAt();
            int opened = IntStream.range(0, forecasts.size()).filter(step -> at(step).equals(startedAt))
                    .findFirst().orElseThrow();
            Forecast confirmation = forecasts.get(opened + settings.confirmSteps());
            LastEpisode atConfirmation = states.get(opened + settings.confirmSteps()).getEpisode();
            // the first episodes are what a key may show; beyond them each one's rarity counts the earlier ones
            double discount = i <= settings.expectedEpisodes() ? 0.0
                    : Math.log10(i / settings.expectedEpisodes()) / settings.scoreDecades();
            assertThat(atConfirmation.getStrength()).as("episode %d's strength", i + 1)
                    .isCloseTo(atConfirmation.getPeak() - discount, within(1e-9));
            assertThat(confirmation.getAnomalyScore()).isEqualTo(PublishedScore.of(atConfirmation.getStrength()));
            assertThat(closed.get(i).getStrength()).as("the closing event carries the strength it published")
                    .isEqualTo(confirmation.getAnomalyScore());
            // the signal behind the peak score: the strength's, unless a stronger reading came after it
            LastEpisode atClose = states.get(forecasts.indexOf(forecastAt(closed.get(i).getEndedAt()))).getEpisode();
            assertThat(closed.get(i).getSignal()).isNotNull()
                    .isEqualTo(Signal.wireNameOf(Signal.fromCode(atClose.getPeakSignal())));
            assertThat(closed.get(i).getPeakScore()).isEqualTo(PublishedScore.of(atClose.getPeak()))
                    .isGreaterThanOrEqualTo(confirmation.getAnomalyScore());
        }
        assertThat(events).filteredOn(event -> event.getState() == EpisodeState.OPENED)
                .allSatisfy(event -> assertThat(event.getStrength()).as("not known yet").isNull());
    }

    @Test
    void shouldFlagAStuckRun() {
        healthyUntil(300);
        double stuckAt = healthy(299);

        boolean flagged = false;
        for (int step = 300; step < 305; step++) {
            flagged |= score(step, stuckAt).getAnomalyFlag();
        }

        assertThat(state.getStuck().getRun()).isEqualTo(5);
        assertThat(flagged).as("five repeats on a key whose values never repeat").isTrue();
    }

    @Test
    void shouldNotCallAKeyRestingAtItsFloorStuck() {
        // the same five repeats as shouldFlagAStuckRun, at the trough of the key's cycle and its lowest value seen
        healthyUntil(324);
        double floor = state.getRange().getMin();

        boolean flagged = false;
        for (int step = 324; step < 330; step++) {
            flagged |= score(step, floor).getAnomalyFlag();
        }

        assertThat(state.getStuck().getRun()).isEqualTo(5);
        assertThat(flagged).as("a key at rest at its floor").isFalse();
    }

    @Test
    void shouldFlagAValueBeyondTheRangeOnlyOnceTheRangeHasHeld() {
        // the error signals silenced, so that only the range can flag
        scorer = new SensorScorer(VigilConfig.of(Map.of(VigilConfig.WARMUP_STEPS, String.valueOf(Fixtures.WARMUP),
                VigilConfig.SCORE_DECADES, "300", VigilConfig.DRIFT_DECADES, "300")).scoring());
        healthyUntil(100);
        // 30% of the range past its top: past the 2% tolerance and the key's noise margin alike
        double beyond = state.getRange().getMax() + 0.3 * (state.getRange().getMax() - state.getRange().getMin());

        assertThat(score(100, beyond).getAnomalyFlag()).as("a young range").isFalse();

        healthyFrom(101, 800);
        assertThat(state.getRange().getHeldSteps()).isGreaterThanOrEqualTo(settings.rangeMatureSteps());
        Forecast broken = score(800, state.getRange().getMax() + 0.3 * (state.getRange().getMax()
                - state.getRange().getMin()));
        assertThat(broken.getAnomalyFlag()).isTrue();
        assertThat(broken.getAnomalySignal()).as("the signal named").isEqualTo(Signal.RANGE_BREAK.wireName());
        assertThat(events.get(events.size() - 1).getSignal()).isEqualTo(Signal.RANGE_BREAK.wireName());
        assertThat(forecasts).filteredOn(forecast -> forecast.getAnomalyScore() == 0.0)
                .as("no signal behind a score of 0").allSatisfy(forecast ->
                        assertThat(forecast.getAnomalySignal()).isNull());
    }

    @Test
    void shouldRoundTripTheStateThroughTheAvroSerde() {
        healthyUntil(300);
        AvroSerde<SensorState> serde = new AvroSerde<>(SensorState.getClassSchema());

        SensorState decoded = serde.decode(serde.encode(state));

        assertThat(decoded).isEqualTo(state);
        Forecast fromDecoded = scorer.score(List.of(new SensorScorer.Input(SENSOR, decoded,
                at(300).toEpochMilli(), healthy(300))), model, days).get(0).forecast();
        assertThat(fromDecoded).isEqualTo(score(300, healthy(300)));
    }

    @Test
    void shouldWriteTheStateInTheBytesOfAvrosOwnMessageEncoder() throws Exception {
        healthyUntil(300);

        byte[] ours = new AvroSerde<SensorState>(SensorState.getClassSchema()).encode(state);
        ByteBuffer avros = new BinaryMessageEncoder<SensorState>(SpecificData.get(), SensorState.getClassSchema())
                .encode(state);

        assertThat(ByteBuffer.wrap(ours)).isEqualTo(avros);
        assertThat(new BinaryMessageDecoder<SensorState>(SpecificData.get(), SensorState.getClassSchema())
                .decode(ours)).isEqualTo(state);
    }

    @Test
    void shouldAnswerTheOutlookWithThePublishedForecast() {
        healthyUntil(300);
        Forecast published = score(300, healthy(300) + 2);

        SensorScorer.Outlook outlook = scorer.outlook(state);

        assertThat(outlook.forecast()).isEqualTo(published.getForecast());
        assertThat(outlook.lower()).isEqualTo(published.getLower());
        assertThat(outlook.upper()).isEqualTo(published.getUpper());
        assertThat(outlook.warmingUp()).isFalse();
        assertThat(outlook.score()).as("the short window's errors against the history").isBetween(0.0, 1.0);
        assertThat(outlook.score()).isPositive();
    }

    /** The processor dead-letters a reading whose scoring throws and keeps the state it read: the blocks must agree. */
    @Test
    void shouldLeaveTheDayStoreAsItWasWhenAReadingFailsToScore() {
        healthyUntil(63);
        assertThat(days.puts()).as("no block full yet").isZero();
        Forecaster failing = new Forecaster() {
            @Override
            public ModelSpec spec() {
                return model.spec();
            }

            @Override
            public float[][] step(float[][] inputs, NetworkMemory[] states) {
                throw new IllegalStateException("the network failed");
            }
        };
        SensorState stored = SensorState.newBuilder(state).build();

        assertThatThrownBy(() -> scorer.score(List.of(new SensorScorer.Input(SENSOR, stored, at(63).toEpochMilli(),
                healthy(63))), failing, days)).hasMessageContaining("the network failed");
        assertThat(days.puts()).as("the block the failed reading would have filled").isZero();

        score(63, healthy(63));
        assertThat(days.puts()).as("written by the reading that scored").isEqualTo(1);
    }

    private void healthyUntil(int steps) {
        healthyFrom(0, steps);
    }

    private void healthyFrom(int from, int until) {
        for (int step = from; step < until; step++) {
            score(step, healthy(step));
        }
    }

    private Forecast forecastAt(Instant time) {
        return forecasts.stream().filter(forecast -> forecast.getEventTime().equals(time)).findFirst().orElseThrow();
    }

    private Forecast score(int step, double value) {
        SensorScorer.Scored scored = scorer.score(List.of(new SensorScorer.Input(SENSOR, state,
                at(step).toEpochMilli(), value)), model, days).get(0);
        state = scored.state();
        states.add(SensorState.newBuilder(state).build());
        forecasts.add(scored.forecast());
        if (scored.event() != null) {
            events.add(scored.event());
        }
        return scored.forecast();
    }
}
