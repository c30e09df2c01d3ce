package dev.vigil.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.vigil.avro.TrainingSample;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The trainer's bounded memory of training windows, in the changelogged {@value ScoringTopology#RESERVOIR_STORE}
 * store: the newest {@code windowsPerSensor} windows of at most {@code sensors} sensors. When a new sensor arrives
 * and the reservoir is full, a sensor chosen at random leaves it, so over time every sensor is represented and
 * none can crowd out the others. Entries are keyed {@code sensor/slot}; the index of sensors is rebuilt from the
 * store when a task starts.
 */
final class TrainingReservoir {

    private final KeyValueStore<String, TrainingSample> store;
    private final int sensors;
    private final int windowsPerSensor;
    /** Per resident sensor, the slot its next window goes to. */
    private final Map<String, Integer> nextSlot = new HashMap<>();
    /** Per resident sensor, how many of its slots hold a window (evicting it deletes just those). */
    private final Map<String, Integer> used = new HashMap<>();
    private final List<String> residents = new ArrayList<>();
    private final Random random;
    private int size;

    TrainingReservoir(KeyValueStore<String, TrainingSample> store, int sensors, int windowsPerSensor, long seed) {
        this.store = store;
        this.sensors = sensors;
        this.windowsPerSensor = windowsPerSensor;
        this.random = new Random(seed);
        rebuildIndex();
    }

    void add(TrainingSample sample) {
        String sensor = sample.getSensorId();
        Integer slot = nextSlot.get(sensor);
        if (slot == null) {
            if (residents.size() >= sensors) {
                evict(residents.get(random.nextInt(residents.size())));
            }
            residents.add(sensor);
            slot = 0;
        }
        String key = key(sensor, slot);
        int held = used.getOrDefault(sensor, 0);
        if (slot >= held) {
            // slots fill in order, so a slot at or past the count is new
            used.put(sensor, held + 1);
            size++;
        }
        store.put(key, sample);
        nextSlot.put(sensor, (slot + 1) % windowsPerSensor);
    }

    int size() {
        return size;
    }

    /** Every window held, in key order (so the same reservoir always lists the same way). */
    List<TrainingSample> all() {
        List<TrainingSample> all = new ArrayList<>(size);
        try (KeyValueIterator<String, TrainingSample> entries = store.all()) {
            entries.forEachRemaining(entry -> all.add(entry.value));
        }
        return all;
    }

    private void evict(String sensor) {
        int held = used.getOrDefault(sensor, 0);
        for (int slot = 0; slot < held; slot++) {
            store.delete(key(sensor, slot));
        }
        size -= held;
        residents.remove(sensor);
        nextSlot.remove(sensor);
        used.remove(sensor);
    }

    private void rebuildIndex() {
        Map<String, Long> newestTime = new HashMap<>();
        try (KeyValueIterator<String, TrainingSample> entries = store.all()) {
            while (entries.hasNext()) {
                KeyValue<String, TrainingSample> entry = entries.next();
                String sensor = entry.value.getSensorId();
                int slot = Integer.parseInt(entry.key.substring(entry.key.lastIndexOf('/') + 1));
                long time = entry.value.getEventTime().toEpochMilli();
                size++;
                used.merge(sensor, 1, Integer::sum);
                if (!nextSlot.containsKey(sensor)) {
                    residents.add(sensor);
                }
                // the slot after the newest window is the next one to write (the oldest, once all are full)
                if (time >= newestTime.getOrDefault(sensor, Long.MIN_VALUE)) {
                    newestTime.put(sensor, time);
                    nextSlot.put(sensor, (slot + 1) % windowsPerSensor);
                }
            }
        }
    }

    private static String key(String sensor, int slot) {
        return sensor + "/" + slot;
    }
}
