package dev.vigil.topology;

import dev.vigil.avro.SensorReading;

/** A reading that passed validation, with the bytes it arrived as (for a dead letter raised further on). */
record ValidReading(SensorReading reading, byte[] original) {
}
