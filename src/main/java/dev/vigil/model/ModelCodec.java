package dev.vigil.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vigil.avro.ModelUpdate;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A model as a versioned artifact: the {@link ModelUpdate} record that travels on the models topic and,
 * single-object encoded, is also the model file on disk.
 */
public final class ModelCodec {

    public static final String FORMAT = "dl4j-multilayer-zip";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelCodec() {
    }

    /** The update for a model, with where it came from and how it validated. */
    public static ModelUpdate toUpdate(ForecastModel model, String source, long sampleCount,
                                       Map<String, Double> metrics) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            synchronized (model.network()) {
                ModelSerializer.writeModel(model.network(), bytes, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise model", e);
        }
        return ModelUpdate.newBuilder()
                .setVersion(model.version())
                .setArchitecture(architecture(model.spec()))
                .setFormat(FORMAT)
                .setModel(ByteBuffer.wrap(bytes.toByteArray()))
                .setCreatedAt(Instant.now())
                .setSampleCount(sampleCount)
                .setSource(source)
                .setMetrics(Map.copyOf(metrics))
                .build();
    }

    /** Rebuilds the model an update carries; a clear error if it is not one this version understands. */
    public static ForecastModel fromUpdate(ModelUpdate update) {
        if (!FORMAT.equals(update.getFormat())) {
            throw new IllegalArgumentException("model version " + update.getVersion() + " has format '"
                    + update.getFormat() + "'; this Vigil reads '" + FORMAT + "'");
        }
        ModelSpec spec = parseArchitecture(update.getVersion(), update.getArchitecture());
        ByteBuffer buffer = update.getModel().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        try {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
            return new ForecastModel(spec, network);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("model version " + update.getVersion() + " cannot be loaded: "
                    + e.getMessage(), e);
        }
    }

    public static void write(ModelUpdate update, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".partial");
            ByteBuffer encoded = ModelUpdate.getEncoder().encode(update);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + file, e);
        }
    }

    public static ModelUpdate read(Path file) {
        try {
            return ModelUpdate.getDecoder().decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    static String architecture(ModelSpec spec) {
        ObjectNode node = JSON.createObjectNode()
                .put("kind", spec.architecture().kind())
                .put("inputs", spec.inputs())
                .put("seasonal", spec.seasonal())
                .put("layers", spec.layers())
                .put("units", spec.units())
                .put("horizon", spec.horizon());
        if (spec.deltas()) {
            // only when set, so an artifact of a model without it keeps the text it always had
            node.put("deltas", true);
        }
        if (spec.relative()) {
            node.put("relative", true);
        }
        if (spec.layerNorm()) {
            node.put("layerNorm", true);
        }
        return node.toString();
    }

    static ModelSpec parseArchitecture(long version, String architecture) {
        try {
            JsonNode node = JSON.readTree(architecture);
            Architecture kind;
            try {
                kind = Architecture.of(node.path("kind").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unsupported architecture " + architecture + ": " + e.getMessage(),
                        e);
            }
            // "seasonal" is absent from the artifacts made before the day-ago inputs: those read the value alone;
            // "deltas" from those whose head gives the values themselves, "relative" from those that read the level,
            // "layerNorm" from those whose cells do not normalise
            ModelSpec spec = new ModelSpec(version, kind, node.path("layers").asInt(), node.path("units").asInt(),
                    node.path("horizon").asInt(), node.path("seasonal").asBoolean(false),
                    node.path("deltas").asBoolean(false), node.path("relative").asBoolean(false),
                    node.path("layerNorm").asBoolean(false));
            if (node.path("inputs").asInt() != spec.inputs()) {
                throw new IllegalArgumentException("unsupported architecture " + architecture);
            }
            return spec;
        } catch (IOException e) {
            throw new IllegalArgumentException("model version " + version + " has an unreadable architecture: "
                    + architecture, e);
        }
    }
}
