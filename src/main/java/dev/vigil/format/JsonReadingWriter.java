package dev.vigil.format;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a reading the way a device would for {@link JsonReadingDecoder} with the same fields: the simulated
 * fleet's JSON ({@code vigil simulate --format json}). A JSON Pointer field is written as nested objects.
 */
public final class JsonReadingWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonReadingFields fields;

    public JsonReadingWriter(JsonReadingFields fields) {
        this.fields = fields;
    }

    public byte[] write(String sensorId, Instant timestamp, double value) {
        ObjectNode root = MAPPER.createObjectNode();
        parentOf(root, fields.sensorId()).put(last(fields.sensorId()), sensorId);
        parentOf(root, fields.timestamp()).put(last(fields.timestamp()), timestamp.toString());
        parentOf(root, fields.value()).put(last(fields.value()), value);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON reading", e);
        }
    }

    /** The object that holds the field, created along the pointer's path. */
    private static ObjectNode parentOf(ObjectNode root, String field) {
        ObjectNode parent = root;
        JsonPointer pointer = JsonReadingFields.pointer(field);
        while (!pointer.tail().matches()) {
            parent = parent.withObjectProperty(pointer.getMatchingProperty());
            pointer = pointer.tail();
        }
        return parent;
    }

    private static String last(String field) {
        return JsonReadingFields.pointer(field).last().getMatchingProperty();
    }
}
