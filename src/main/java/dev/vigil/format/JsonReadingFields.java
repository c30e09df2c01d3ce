package dev.vigil.format;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a JSON reading keeps its three fields. Each is a top-level field name ({@code sensor_id}) or, starting
 * with {@code /}, a JSON Pointer into nested objects ({@code /payload/temperature}), for gateways that wrap the
 * device's message.
 */
public record JsonReadingFields(String sensorId, String timestamp, String value) {

    public static final JsonReadingFields DEFAULT = new JsonReadingFields("sensor_id", "timestamp", "value");

    public JsonReadingFields {
        pointer(sensorId);
        pointer(timestamp);
        pointer(value);
    }

    /** The field's node in {@code root}: a missing node when the object has no such field. */
    static JsonNode find(JsonNode root, String field) {
        return root.at(pointer(field));
    }

    /** A plain name is one step down; anything starting with '/' is a JSON Pointer (RFC 6901). */
    public static JsonPointer pointer(String field) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("a JSON field name must not be empty");
        }
        return field.startsWith("/") ? JsonPointer.compile(field) : JsonPointer.empty().appendProperty(field);
    }
}
