package dev.vigil.topology;

import static dev.vigil.testing.Fixtures.at;
import static dev.vigil.testing.Fixtures.encoded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.format.ReadingDecoder;
import dev.vigil.format.ReadingSettings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {

    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReadingValidator validator = new ReadingValidator(ReadingDecoder.of(ReadingSettings.avroKeyedBySensor()),
            ScoringMeters.register(registry));

    @BeforeEach
    void setUp() {
        context.setRecordMetadata("sensor-readings", 3, 7);
        context.setCurrentSystemTimeMs(1_000L);
        validator.init(context);
    }

    @Test
    void shouldPassAGoodReadingToTheScorer() {
        validator.process(new Record<>("s", encoded("s", at(0), 1.5), 0));

        CapturedForward<? extends String, ?> forward = context.forwarded().get(0);
        assertThat(forward.childName()).isEqualTo(Optional.of(ScoringTopology.SCORER));
        assertThat(((ValidReading) forward.record().value()).reading().getValue()).isEqualTo(1.5);
    }

    @Test
    void shouldDeadLetterAnUndecodableValueWithItsBytesAndCoordinates() {
        byte[] garbage = {0x00, 0x01, 0x02};
        validator.process(new Record<>("s", garbage, 123));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(letter.getOriginalValue().array()).isEqualTo(garbage);
        assertThat(letter.getOriginalKey().array()).isEqualTo("s".getBytes());
        assertThat(letter.getSourcePartition()).isEqualTo(3);
        assertThat(letter.getSourceOffset()).isEqualTo(7);
        assertThat(letter.getSourceTimestamp()).isEqualTo(123);
        assertThat(registry.get("vigil.dead.letters").tag("reason", "UNDECODABLE").counter().count()).isEqualTo(1);
        assertThat(registry.get("vigil.dead.letters").tag("reason", "NULL_KEY").counter().count()).isZero();
    }

    @Test
    void shouldDeadLetterANullKey() {
        validator.process(new Record<>(null, encoded("s", at(0), 1.0), 0));

        assertThat(onlyDeadLetter().getReason()).isEqualTo(DeadLetterReason.NULL_KEY);
    }

    @Test
    void shouldDeadLetterANonFiniteValue() {
        validator.process(new Record<>("s", encoded("s", at(0), Double.NEGATIVE_INFINITY), 0));

        assertThat(onlyDeadLetter().getReason()).isEqualTo(DeadLetterReason.NOT_FINITE);
    }

    private DeadLetter onlyDeadLetter() {
        assertThat(context.forwarded()).hasSize(1);
        CapturedForward<? extends String, ?> forward = context.forwarded().get(0);
        assertThat(forward.childName()).isEqualTo(Optional.of(ScoringTopology.DEAD_LETTER_SINK));
        return (DeadLetter) forward.record().value();
    }
}
