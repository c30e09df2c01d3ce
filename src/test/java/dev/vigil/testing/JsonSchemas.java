package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schemas of {@code schemas/*.schema.json}, applied to real records: every record must validate, formats
 * (date-time) asserted too.
 */
public final class JsonSchemas {

    private static final Path DIR = Path.of("schemas");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;
    private final JsonNode document;

    private JsonSchemas(JsonNode document) {
        this.document = document;
        this.schema = REGISTRY.getSchema(document);
    }

    /** {@code name}: the file name without {@code .schema.json}, e.g. {@code Forecast}. */
    public static JsonSchemas of(String name) {
        try {
            return new JsonSchemas(MAPPER.readTree(Files.readString(DIR.resolve(name + ".schema.json"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names the schema documents, in order. */
    public List<String> propertyNames() {
        List<String> names = new ArrayList<>();
        document.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Asserts the record (UTF-8 JSON) is valid, listing every violation otherwise. */
    public void assertValid(byte[] json) {
        JsonNode record;
        try {
            record = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
        List<Error> errors = schema.validate(record, context -> context.executionConfig(
                config -> config.formatAssertionsEnabled(true)));
        assertThat(errors).as("violations of %s by %s", document.get("title").asText(), record).isEmpty();
    }
}
