package dev.vigil.topology;

import dev.vigil.avro.SensorReading;

/**
 * A reading that passed validation, with the bytes it arrived as and where it came from (for a dead letter
 * raised further on).
 */
record ValidReading(SensorReading reading, byte[] original, Origin origin) {
}
