package dev.vigil.kafka;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetter;
import dev.vigil.avro.Forecast;
import dev.vigil.avro.ModelUpdate;
import dev.vigil.avro.SensorReading;
import dev.vigil.config.VigilConfig;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Vigil's topics, named once from the configuration. Readings come in as raw bytes so that a value that does
 * not decode can still reach the dead-letter topic whole; {@link #readingSerde()} decodes them.
 */
public record Topics(
        TopicSpec<String, byte[]> readings,
        TopicSpec<String, Forecast> forecasts,
        TopicSpec<String, AnomalyEvent> anomalies,
        TopicSpec<String, DeadLetter> deadLetters,
        TopicSpec<String, ModelUpdate> models) {

    public static Topics from(VigilConfig config) {
        Serde<String> keys = Serdes.String();
        return new Topics(
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_READINGS), keys, Serdes.ByteArray()),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_FORECASTS), keys,
                        new AvroSerde<>(Forecast.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_ANOMALIES), keys,
                        new AvroSerde<>(AnomalyEvent.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_DEAD_LETTERS), keys,
                        new AvroSerde<>(DeadLetter.getClassSchema())),
                new TopicSpec<>(config.getString(VigilConfig.TOPIC_MODELS), keys,
                        new AvroSerde<>(ModelUpdate.getClassSchema())));
    }

    /** Encodes and decodes reading values (producers use it; the topology decodes with it). */
    public static AvroSerde<SensorReading> readingSerde() {
        return new AvroSerde<>(SensorReading.getClassSchema());
    }
}
