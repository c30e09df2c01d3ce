package dev.vigil.topology;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.healthy;
import static dev.vigil.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.SensorReading;
import dev.vigil.avro.SensorState;
import dev.vigil.score.SensorScorer;
import dev.vigil.model.InferenceEngine;
import dev.vigil.model.LiveModel;
import dev.vigil.testing.Fixtures;
import dev.vigil.testing.TestModels;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SensorScoringProcessorTest {

    private MockProcessorContext<String, Object> context;
    private KeyValueStore<String, SensorState> store;
    private SensorScoringProcessor processor;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong();
    private final LiveModel live = LiveModel.of(TestModels.small(), InferenceEngine.JAVA);

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScoringTopology.STATE_STORE),
                        Serdes.String(), ScoringTopology.stateSerde())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, byte[]> days = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ScoringTopology.DAY_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        days.init(context.getStateStoreContext(), days);
        context.addStateStore(days);
        context.setRecordMetadata("sensor-readings", 0, 42);
        context.setCurrentSystemTimeMs(1_000L);
        processor = processorOn(live);
    }

    private SensorScoringProcessor processorOn(LiveModel model) {
        RewarmPacing pacing = new RewarmPacing(0.25, 1, clock::get);
        SensorScoringProcessor built = new SensorScoringProcessor(new SensorScorer(Fixtures.config().scoring()), model,
                Fixtures.config().eviction(), Fixtures.config().retraining(), ScoringMeters.register(registry),
                () -> pacing);
        built.init(context);
        return built;
    }

    @Test
    void shouldStoreEachSensorsStateUnderItsOwnKey() {
        process("a", 0, 10.0);
        process("a", 1, 11.0);
        process("b", 0, 500.0);

        assertThat(store.get("a").getSteps()).isEqualTo(2);
        assertThat(store.get("a").getRecent()).containsExactly(10.0, 11.0);
        assertThat(store.get("b").getSteps()).isEqualTo(1);
        assertThat(store.get("b").getRecent()).containsExactly(500.0);
        assertThat(store.get("a").getLastEventTime()).isEqualTo(at(1).toEpochMilli());
    }

    @Test
    void shouldForwardAForecastToTheForecastSinkForEachReading() {
        process("a", 0, healthy(0));

        List<CapturedForward<? extends String, ?>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).childName()).isEqualTo(Optional.of(ScoringTopology.FORECAST_SINK));
        Forecast forecast = (Forecast) forwarded.get(0).record().value();
        assertThat(forecast.getSensorId()).isEqualTo("a");
        assertThat(forecast.getWarmingUp()).isTrue();
    }

    @Test
    void shouldCountEachScoredReadingAndTimeItsStep() {
        process("a", 0, healthy(0));
        process("a", 1, healthy(1));

        assertThat(registry.get("vigil.readings.scored").counter().count()).isEqualTo(2);
        assertThat(registry.get("vigil.inference").timer().count()).isEqualTo(2);
        assertThat(registry.get("vigil.inference").timer().totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void shouldDeadLetterAnOlderReadingWithItsCoordinatesAndKeepTheState() {
        process("a", 5, 10.0);
        SensorState before = store.get("a");
        context.resetForwards();

        process("a", 4, 99.0);

        CapturedForward<? extends String, ?> forward = context.forwarded().get(0);
        assertThat(forward.childName()).isEqualTo(Optional.of(ScoringTopology.DEAD_LETTER_SINK));
        DeadLetter letter = (DeadLetter) forward.record().value();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OUT_OF_ORDER);
        assertThat(letter.getSourceTopic()).isEqualTo("sensor-readings");
        assertThat(letter.getSourceOffset()).isEqualTo(42);
        assertThat(letter.getOriginalValue().array()).isEqualTo(Fixtures.encoded("a", at(4), 99.0));
        assertThat(store.get("a")).isEqualTo(before);
    }

    @Test
    void shouldScoreAKeyOnThePreviousVersionUntilItsTurnToReWarm() {
        long before = live.version();
        for (int step = 0; step < 20; step++) {
            process("a", step, healthy(step));
            process("b", step, healthy(step));
        }
        live.offer(TestModels.other(before + 1));

        // a's re-warm takes a real moment of the thread, more than its bucket of a quarter of a nanosecond holds,
        // and the test's clock stands still: b is not re-warmed
        process("a", 20, healthy(20));
        process("b", 20, healthy(20));
        assertThat(store.get("a").getModelVersion()).isEqualTo(before + 1);
        assertThat(store.get("b").getModelVersion()).isEqualTo(before);
        assertThat(rewarms("rewarmed")).isEqualTo(1);
        assertThat(rewarms("deferred")).isEqualTo(1);

        // a second later, b has its turn
        clock.addAndGet(1_000_000_000L);
        process("b", 21, healthy(21));
        assertThat(store.get("b").getModelVersion()).isEqualTo(before + 1);
        assertThat(rewarms("rewarmed")).isEqualTo(2);
    }

    @Test
    void shouldScoreAKeyTwoVersionsBehindOnItsOwnVersionUntilItsTurn() {
        long before = live.version();
        twentyReadingsOfAThenOneOfB();
        // a retrain and a publish seconds apart: b re-warms on each, a is not seen in between
        live.offer(TestModels.other(before + 1));
        process("b", 1, healthy(1));
        live.offer(TestModels.other(before + 2));
        process("b", 2, healthy(2));
        assertThat(store.get("a").getModelVersion()).isEqualTo(before);

        // b's re-warm emptied the bucket and the clock stands still: a keeps its own version, not a re-warm at once
        double deferred = rewarms("deferred");
        process("a", 20, healthy(20));
        assertThat(store.get("a").getModelVersion()).isEqualTo(before);
        assertThat(rewarms("deferred")).isEqualTo(deferred + 1);

        clock.addAndGet(1_000_000_000L);
        process("a", 21, healthy(21));
        assertThat(store.get("a").getModelVersion()).isEqualTo(before + 2);
    }

    @Test
    void shouldReWarmAKeyOlderThanTheKeptVersionsAtOnce() {
        long before = live.version();
        twentyReadingsOfAThenOneOfB();
        for (int later = 1; later <= SensorScoringProcessor.EARLIER_VERSIONS + 1; later++) {
            live.offer(TestModels.other(before + later));
            process("b", later, healthy(later));
        }
        assertThat(store.get("a").getModelVersion()).isEqualTo(before);

        // its version's forecaster is no longer kept: only the live model can score it, bucket or not
        double deferred = rewarms("deferred");
        process("a", 20, healthy(20));
        assertThat(store.get("a").getModelVersion()).isEqualTo(before + SensorScoringProcessor.EARLIER_VERSIONS + 1);
        assertThat(rewarms("deferred")).isEqualTo(deferred);
    }

    @Test
    void shouldCarryAKeysMemoryOverToAFineTuneOfItsVersionWhereDetectionJudgesTheReference() {
        LiveModel judgedApart = LiveModel.of(TestModels.small(), InferenceEngine.JAVA, TestModels.small());
        processor = processorOn(judgedApart);
        long before = judgedApart.version();
        for (int step = 0; step < 20; step++) {
            process("a", step, healthy(step));
            process("b", step, healthy(step));
        }
        // b's next reading before the swap, a's after it: a fine-tune of no step carries a's memory over unchanged
        process("b", 20, healthy(20));
        judgedApart.offer(TestModels.small().withVersion(before + 1), OptionalLong.of(before));
        process("a", 20, healthy(20));

        assertThat(store.get("a").getModelVersion()).isEqualTo(before + 1);
        assertThat(rewarms("carried")).isEqualTo(1);
        assertThat(rewarms("rewarmed")).isZero();
        assertThat(rewarms("deferred")).isZero();
        assertThat(store.get("a").getNetwork()).as("the memory stepped on, not rebuilt from the ring")
                .isEqualTo(store.get("b").getNetwork());
        assertThat(lastForecast("a").getForecast()).isEqualTo(lastForecast("b").getForecast());
    }

    @Test
    void shouldReWarmAKeyOnANewModelThatIsNoFineTuneOfItsVersion() {
        LiveModel judgedApart = LiveModel.of(TestModels.small(), InferenceEngine.JAVA, TestModels.small());
        processor = processorOn(judgedApart);
        long before = judgedApart.version();
        for (int step = 0; step < 20; step++) {
            process("a", step, healthy(step));
        }
        judgedApart.offer(TestModels.other(before + 1), OptionalLong.empty());
        process("a", 20, healthy(20));

        assertThat(store.get("a").getModelVersion()).isEqualTo(before + 1);
        assertThat(rewarms("rewarmed")).isEqualTo(1);
        assertThat(rewarms("carried")).isZero();
    }

    @Test
    void shouldReWarmOnAFineTuneWhereDetectionJudgesTheLiveNetwork() {
        long before = live.version();
        for (int step = 0; step < 20; step++) {
            process("a", step, healthy(step));
        }
        // the re-warm rescales the key's error history to the new network's errors: a carried memory would skip it
        live.offer(TestModels.small().withVersion(before + 1), OptionalLong.of(before));
        process("a", 20, healthy(20));

        assertThat(store.get("a").getModelVersion()).isEqualTo(before + 1);
        assertThat(rewarms("rewarmed")).isEqualTo(1);
        assertThat(rewarms("carried")).isZero();
    }

    private Forecast lastForecast(String key) {
        Forecast last = null;
        for (CapturedForward<? extends String, ?> forward : context.forwarded()) {
            if (forward.record().value() instanceof Forecast forecast && forecast.getSensorId().equals(key)) {
                last = forecast;
            }
        }
        return last;
    }

    /** a holds a state of the live version, b a first reading: b then meets each swap before a does. */
    private void twentyReadingsOfAThenOneOfB() {
        for (int step = 0; step < 20; step++) {
            process("a", step, healthy(step));
        }
        process("b", 0, healthy(0));
    }

    private double rewarms(String outcome) {
        return registry.get("vigil.model.rewarms").tag("outcome", outcome).counter().count();
    }

    private void process(String key, int step, double value) {
        SensorReading reading = reading(key, at(step), value);
        Origin origin = new Origin("sensor-readings", 0, 42, key.getBytes(StandardCharsets.UTF_8));
        processor.process(new Record<>(key, new ValidReading(reading, Fixtures.encoded(reading), origin),
                at(step).toEpochMilli()));
    }
}
