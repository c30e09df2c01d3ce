package dev.vigil.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.ModelUpdate;
import dev.vigil.avro.SensorReading;
import dev.vigil.avro.TrainingSample;
import dev.vigil.config.VigilConfig;
import dev.vigil.format.WireFormat;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Vigil's topics, named once from the configuration. Readings come in as raw bytes so that a value that does
 * not decode can still reach the dead-letter topic whole (the topology decodes them in the configured
 * {@code format.readings}); forecasts, anomaly events and dead letters go out in {@code format.outputs}.
 */
public record Topics(
        TopicSpec<String, byte[]> readings,
        TopicSpec<String, Forecast> forecasts,
        TopicSpec<String, AnomalyEvent> anomalies,
        TopicSpec<String, DeadLetter> deadLetters,
        TopicSpec<String, ModelUpdate> models,
        TopicSpec<String, TrainingSample> trainingSamples) {

    public static Topics from(VigilConfig config) {
        Serde<String> keys = Serdes.String();
        WireFormat outputs = config.outputFormat();
        return new Topics(
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_READINGS), keys, Serdes.ByteArray()),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_FORECASTS), keys,
                        output(outputs, Forecast.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_ANOMALIES), keys,
                        output(outputs, AnomalyEvent.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_DEAD_LETTERS), keys,
                        output(outputs, DeadLetter.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_MODELS), keys,
                        new AvroSerde<>(ModelUpdate.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_TRAINING_SAMPLES), keys, trainingSampleSerde()));
    }

    /** Training samples, including those written before they carried their day-ago values. */
    public static AvroSerde<TrainingSample> trainingSampleSerde() {
        return new AvroSerde<TrainingSample>(TrainingSample.getClassSchema())
                .alsoReading(AvroSerde.schemaResource("/schemas/legacy/TrainingSample-1.avsc"));
    }

    /**
     * What each topic must be: the outputs and the readings with the configured partitions (a readings topic that
     * exists already may have any count), the models topic compacted with one partition, dead letters kept longer,
     * training samples in one partition.
     */
    public List<TopicAdmin.Requirement> requirements(VigilConfig config) {
        int partitions = config.getInt(VigilConfig.TOPIC_PARTITIONS);
        short configured = config.getShort(VigilConfig.TOPIC_REPLICATION);
        Optional<Short> replication = configured < 0 ? Optional.empty() : Optional.of(configured);
        return List.of(
                new TopicAdmin.Requirement(readings.name(), partitions, false, replication, Map.of()),
                new TopicAdmin.Requirement(forecasts.name(), partitions, false, replication, Map.of()),
                new TopicAdmin.Requirement(anomalies.name(), partitions, false, replication, Map.of()),
                new TopicAdmin.Requirement(deadLetters.name(), partitions, false, replication, Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(config.getLong(VigilConfig.DEAD_LETTER_RETENTION_MS)))),
                new TopicAdmin.Requirement(models.name(), 1, true, replication, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                // one partition: one trainer task in the whole cluster sees every sensor's windows
                new TopicAdmin.Requirement(trainingSamples.name(), 1, true, replication, Map.of()));
    }

    /**
     * The serde of a topic that alerting systems read: {@code format.outputs}. Vigil's own topics (models, training
     * samples, state) stay Avro whatever it says: only Vigil reads them.
     */
    private static <T extends SpecificRecord> Serde<T> output(WireFormat format, Schema schema) {
        return format == WireFormat.JSON ? new JsonSerde<>(schema) : new AvroSerde<>(schema);
    }

    /** Encodes and decodes reading values (producers use it; the topology decodes with it). */
    public static AvroSerde<SensorReading> readingSerde() {
        return new AvroSerde<>(SensorReading.getClassSchema());
    }
}
