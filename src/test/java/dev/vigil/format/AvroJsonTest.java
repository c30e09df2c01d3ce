package dev.vigil.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.EpisodeState;
import dev.vigil.avro.Forecast;
import dev.vigil.testing.JsonSchemas;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void shouldWriteAForecastWithPlainNullsAndIsoTimes() {
        Forecast forecast = forecast(null);

        ObjectNode json = AvroJson.toJson(forecast);

        assertThat(json.get("event_time").asText()).isEqualTo("2026-01-01T00:05:00Z");
        assertThat(json.get("expected").isNull()).isTrue();
        assertThat(json.get("forecast").get(1).asDouble()).isEqualTo(2.5);
        assertThat(json.get("model_version").asLong()).isEqualTo(3);
        assertThat(AvroJson.<Forecast>fromJson(json, Forecast.getClassSchema())).isEqualTo(forecast);
        assertThat(AvroJson.<Forecast>fromJson(AvroJson.toJson(forecast(20.5)), Forecast.getClassSchema()))
                .isEqualTo(forecast(20.5));
    }

    @Test
    void shouldWriteADeadLettersBytesInBase64() {
        DeadLetter letter = DeadLetter.newBuilder()
                .setReason(DeadLetterReason.INVALID_FIELD)
                .setDetail("'value' is a string")
                .setSourceTopic("sensor-readings")
                .setOriginalKey(null)
                .setOriginalValue(ByteBuffer.wrap("{\"value\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .setFailedAt(AT)
                .build();

        ObjectNode json = AvroJson.toJson(letter);

        assertThat(json.get("reason").asText()).isEqualTo("INVALID_FIELD");
        assertThat(json.get("original_key").isNull()).isTrue();
        assertThat(json.get("original_value").asText()).isEqualTo("eyJ2YWx1ZSI6IngifQ==");
        assertThat(AvroJson.<DeadLetter>fromJson(json, DeadLetter.getClassSchema())).isEqualTo(letter);
    }

    @Test
    void shouldRefuseJsonThatLacksARequiredField() {
        ObjectNode json = AvroJson.toJson(forecast(1.0));
        json.remove("value");

        assertThatThrownBy(() -> AvroJson.fromJson(json, Forecast.getClassSchema()))
                .hasMessageContaining("'value'");
    }

    @Test
    void shouldDocumentEveryFieldOfEachOutputInItsJsonSchema() {
        for (Schema schema : List.of(Forecast.getClassSchema(), AnomalyEvent.getClassSchema(),
                DeadLetter.getClassSchema())) {
            assertThat(JsonSchemas.of(schema.getName()).propertyNames()).as(schema.getName())
                    .containsExactlyElementsOf(schema.getFields().stream().map(Schema.Field::name).toList());
        }
    }

    @Test
    void shouldWriteRecordsTheirJsonSchemasAccept() {
        JsonSchemas.of("Forecast").assertValid(AvroJson.toJson(forecast(null)).toString().getBytes(StandardCharsets.UTF_8));
        AnomalyEvent opened = AnomalyEvent.newBuilder().setSensorId("s").setEpisodeId(1).setState(EpisodeState.OPENED)
                .setStartedAt(AT).setEndedAt(null).setPeakScore(0.9).setTriggerValue(80).setExpected(20)
                .setModelVersion(1).build();
        JsonSchemas.of("AnomalyEvent").assertValid(AvroJson.toJson(opened).toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteANonFiniteNumberAsNullAndReadItBackAsNaN() {
        AnomalyEvent nothingForecast = AnomalyEvent.newBuilder().setSensorId("s").setEpisodeId(1)
                .setState(EpisodeState.OPENED).setStartedAt(AT).setEndedAt(null).setPeakScore(1).setTriggerValue(5)
                .setExpected(Double.NaN).setModelVersion(1).build();

        ObjectNode json = AvroJson.toJson(nothingForecast);

        assertThat(json.get("expected").isNull()).isTrue();
        JsonSchemas.of("AnomalyEvent").assertValid(json.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(AvroJson.<AnomalyEvent>fromJson(json, AnomalyEvent.getClassSchema()).getExpected()).isNaN();
    }

    @Test
    void shouldHaveSchemasThatRefuseAWrongRecord() {
        ObjectNode json = AvroJson.toJson(forecast(null));
        json.put("event_time", "yesterday");
        json.remove("model_version");

        assertThatThrownBy(() -> JsonSchemas.of("Forecast").assertValid(json.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("event_time")
                .hasMessageContaining("model_version");
    }

    private static Forecast forecast(Double expected) {
        return Forecast.newBuilder()
                .setSensorId("pump-1")
                .setEventTime(AT)
                .setValue(21.5)
                .setExpected(expected)
                .setForecast(List.of(2.0, 2.5))
                .setLower(List.of(1.0, 1.5))
                .setUpper(List.of(3.0, 3.5))
                .setAnomalyScore(0.1)
                .setAnomalyFlag(false)
                .setWarmingUp(true)
                .setModelVersion(3)
                .build();
    }
}
