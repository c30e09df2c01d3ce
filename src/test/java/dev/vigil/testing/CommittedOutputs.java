package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import dev.vigil.avro.AnomalyEvent;
import dev.vigil.avro.DeadLetterReason;
import dev.vigil.avro.Forecast;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a run committed, as a read_committed consumer sees it: the forecasts and anomaly events per sensor in order,
 * and the dead letters' reasons (their other fields carry wall-clock times and source offsets, which differ between
 * runs).
 */
public record CommittedOutputs(Map<String, List<Forecast>> forecasts, Map<String, List<AnomalyEvent>> anomalies,
                               List<DeadLetterReason> deadLetterReasons) {

    /** Record for record per sensor the same as {@code reference}, which must have opened anomaly episodes. */
    public void assertSameAs(CommittedOutputs reference) {
        assertThat(forecasts.keySet()).as("sensors with forecasts").isEqualTo(reference.forecasts.keySet());
        reference.forecasts.forEach((sensor, expected) ->
                assertThat(forecasts.get(sensor)).as("forecasts of %s", sensor).isEqualTo(expected));
        assertThat(anomalies).as("anomaly events per sensor").isEqualTo(reference.anomalies);
        assertThat(deadLetterReasons).as("dead letters' reasons").isEqualTo(reference.deadLetterReasons);
        assertThat(reference.anomalies.values().stream().mapToInt(List::size).sum())
                .as("the input's spikes open episodes").isGreaterThan(0);
    }

    /** Decodes each record's value and groups them by key, keeping each key's order. */
    static <V> Map<String, List<V>> byKey(List<ConsumerRecord<String, byte[]>> records,
                                          BiFunction<String, byte[], V> decode) {
        Map<String, List<V>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(decode.apply(record.topic(), record.value()));
        }
        return byKey;
    }
}
