package dev.vigil.format;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of Vigil's Avro records, the one {@code format.outputs=json} writes and {@code schemas/*.schema.json}
 * describe: the same field names; a nullable field as its value or {@code null} (not Avro's own JSON encoding,
 * which wraps unions as {@code {"double": 1.5}} and that no alerting tool expects); timestamps as ISO-8601 UTC
 * text; bytes in base64; enums by name. Reading it back gives the same record, so Vigil's own consumers (demo,
 * dashboard, tests) work with either format.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(SpecificRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            object.set(field.name(), write(field.schema(), record.get(field.pos())));
        }
        return object;
    }

    /** The record of {@code schema} the JSON object describes; throws {@link IllegalArgumentException} saying why not. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Schema schema) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object for " + schema.getFullName());
        }
        @SuppressWarnings("unchecked")
        T record = (T) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = json.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException(schema.getName() + " JSON has no '" + field.name() + "'");
                }
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            } else {
                record.put(field.pos(), read(field.schema(), value, field.name()));
            }
        }
        return record;
    }

    private static JsonNode write(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case UNION -> write(nonNull(schema), value);
            case RECORD -> toJson((SpecificRecord) value);
            case STRING, ENUM -> NODES.textNode(value.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> isTimestamp(schema) ? NODES.textNode(((Instant) value).toString())
                    : NODES.numberNode((Long) value);
            case FLOAT -> finite(((Float) value).doubleValue());
            case DOUBLE -> finite((Double) value);
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                ((List<?>) value).forEach(item -> array.add(write(schema.getElementType(), item)));
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value).forEach((key, item) -> map.set(key.toString(), write(schema.getValueType(), item)));
                yield map;
            }
            default -> throw new IllegalArgumentException("no JSON form for Avro type " + schema.getType());
        };
    }

    private static Object read(Schema schema, JsonNode value, String path) {
        if (value.isNull()) {
            if (schema.getType() == Schema.Type.UNION || schema.getType() == Schema.Type.NULL) {
                return null;
            }
            if (schema.getType() == Schema.Type.DOUBLE) {
                return Double.NaN;
            }
            if (schema.getType() == Schema.Type.FLOAT) {
                return Float.NaN;
            }
            throw new IllegalArgumentException("'" + path + "' must not be null");
        }
        try {
            return switch (schema.getType()) {
                case UNION -> read(nonNull(schema), value, path);
                case RECORD -> fromJson(value, schema);
                case STRING -> text(value, path);
                case ENUM -> SpecificData.get().createEnum(text(value, path), schema);
                case BOOLEAN -> value.booleanValue();
                case INT -> value.intValue();
                case LONG -> isTimestamp(schema) ? Instant.parse(text(value, path)) : value.longValue();
                case FLOAT -> value.floatValue();
                case DOUBLE -> value.doubleValue();
                case BYTES -> ByteBuffer.wrap(Base64.getDecoder().decode(text(value, path)));
                case ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (JsonNode item : value) {
                        list.add(read(schema.getElementType(), item, path + "[]"));
                    }
                    yield list;
                }
                case MAP -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = entries.next();
                        map.put(entry.getKey(), read(schema.getValueType(), entry.getValue(), path + "." + entry.getKey()));
                    }
                    yield map;
                }
                default -> throw new IllegalArgumentException("no JSON form for Avro type " + schema.getType());
            };
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + path + "' is not an ISO-8601 instant: " + value, e);
        }
    }

    private static String text(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + path + "' must be a string, not " + value);
        }
        return value.textValue();
    }

    /**
     * JSON has no NaN or infinity: a non-finite number is written as null (read back as NaN), never as text. Only
     * one output has one: an anomaly event's {@code expected} when nothing had been forecast.
     */
    private static JsonNode finite(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.nullNode();
    }

    private static boolean isTimestamp(Schema schema) {
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }

    /** The one non-null branch of a {@code ["null", T]} union, the only unions Vigil's schemas use. */
    private static Schema nonNull(Schema union) {
        return union.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a union of null only"));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
