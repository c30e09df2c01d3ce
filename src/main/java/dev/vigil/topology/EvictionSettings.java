package dev.vigil.topology;

import java.time.Duration;

/**
 * Kafka Streams has no TTL for key-value stores: a punctuator walks the store in slices and deletes sensors
 * that have been silent for {@code idleTtl} of stream time.
 *
 * @param idleTtl  silence after which a sensor's state is deleted
 * @param interval stream time between two ticks
 * @param slice    entries examined per tick
 */
public record EvictionSettings(Duration idleTtl, Duration interval, int slice) {
}
