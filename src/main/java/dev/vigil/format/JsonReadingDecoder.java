package dev.vigil.format;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.SensorReading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * A reading as most IoT platforms put it on Kafka: a JSON object with a sensor id, a timestamp (ISO-8601 with a
 * zone or offset, or epoch milliseconds) and a numeric value; other fields are ignored. Strict on purpose: a
 * value sent as a string, a local time without a zone or an epoch in seconds would be guesses, and a guess
 * scored as a reading is worse than a dead letter that says what was wrong.
 */
final class JsonReadingDecoder implements ReadingDecoder {

    /** Longer texts are cut in dead-letter details: the original bytes are in the envelope anyway. */
    private static final int QUOTE_LIMIT = 60;

    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private final JsonReadingFields fields;

    JsonReadingDecoder(JsonReadingFields fields) {
        this.fields = fields;
    }

    @Override
    public SensorReading decode(byte[] value) throws UnreadableReading {
        JsonNode root = parse(value);
        return SensorReading.newBuilder()
                .setSensorId(sensorId(root))
                .setEventTime(timestamp(root))
                .setValue(number(root))
                .build();
    }

    private static JsonNode parse(byte[] value) throws UnreadableReading {
        JsonNode root;
        try {
            root = READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnreadableReading(DeadLetterReason.UNDECODABLE, "not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new UnreadableReading(DeadLetterReason.UNDECODABLE, "not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableReading(DeadLetterReason.UNDECODABLE, "empty value: a reading is a JSON object");
        }
        if (!root.isObject()) {
            throw new UnreadableReading(DeadLetterReason.UNDECODABLE, "the JSON is " + kind(root) + " "
                    + quote(root) + ", not an object: a reading is a JSON object");
        }
        return root;
    }

    private String sensorId(JsonNode root) throws UnreadableReading {
        JsonNode node = present(root, fields.sensorId());
        // numeric device ids are common; a fraction or a boolean is not an id
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw invalid(fields.sensorId(), node, "a string (or a whole number)");
        }
        String id = node.asText();
        if (id.isBlank()) {
            throw new UnreadableReading(DeadLetterReason.INVALID_FIELD, "'" + fields.sensorId() + "' is empty");
        }
        return id;
    }

    private Instant timestamp(JsonNode root) throws UnreadableReading {
        JsonNode node = present(root, fields.timestamp());
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new UnreadableReading(DeadLetterReason.INVALID_FIELD, "'" + fields.timestamp() + "' is "
                        + quote(node) + ": neither ISO-8601 with a zone or offset (2026-01-01T12:00:00Z) nor epoch "
                        + "milliseconds");
            }
        }
        throw invalid(fields.timestamp(), node, "ISO-8601 text or epoch milliseconds");
    }

    private double number(JsonNode root) throws UnreadableReading {
        JsonNode node = present(root, fields.value());
        if (!node.isNumber()) {
            throw invalid(fields.value(), node, "a number");
        }
        return node.doubleValue();
    }

    private static JsonNode present(JsonNode root, String field) throws UnreadableReading {
        JsonNode node = JsonReadingFields.find(root, field);
        if (node.isMissingNode()) {
            throw new UnreadableReading(DeadLetterReason.MISSING_FIELD, "no '" + field + "' field");
        }
        if (node.isNull()) {
            throw new UnreadableReading(DeadLetterReason.MISSING_FIELD, "'" + field + "' is null");
        }
        return node;
    }

    private static UnreadableReading invalid(String field, JsonNode node, String expected) {
        return new UnreadableReading(DeadLetterReason.INVALID_FIELD, "'" + field + "' is " + kind(node) + " "
                + quote(node) + ", not " + expected);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NUMBER -> "a number";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String quote(JsonNode node) {
        String text = node.toString();
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }
}
