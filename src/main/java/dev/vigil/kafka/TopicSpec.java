package dev.vigil.kafka;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values: the one place a topic's name meets its types. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
