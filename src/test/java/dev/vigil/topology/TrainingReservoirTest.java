package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.vigil.avro.TrainingSample;
import dev.vigil.kafka.AvroSerde;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingReservoirTest {

    private KeyValueStore<String, TrainingSample> store;

    @BeforeEach
    void setUp() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ScoringTopology.RESERVOIR_STORE),
                        Serdes.String(), new AvroSerde<TrainingSample>(TrainingSample.getClassSchema()))
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void shouldKeepTheNewestWindowsOfEachSensorUpToItsShare() {
        TrainingReservoir reservoir = new TrainingReservoir(store, 4, 3, 1);
        for (int t = 0; t < 5; t++) {
            reservoir.add(sample("a", t));
        }
        reservoir.add(sample("b", 0));

        assertThat(reservoir.size()).isEqualTo(4);
        assertThat(reservoir.all()).extracting(sample -> sample.getSensorId() + "@" + sample.getEventTime()
                .toEpochMilli()).containsExactlyInAnyOrder("a@3", "a@4", "a@2", "b@0");
    }

    @Test
    void shouldReplaceARandomSensorWhenFullAndDeleteAllItsWindows() {
        TrainingReservoir reservoir = new TrainingReservoir(store, 2, 3, 1);
        reservoir.add(sample("a", 0));
        reservoir.add(sample("a", 1));
        reservoir.add(sample("b", 0));

        reservoir.add(sample("c", 0));

        List<String> sensors = reservoir.all().stream().map(TrainingSample::getSensorId).distinct().toList();
        assertThat(sensors).hasSize(2).contains("c");
        assertThat(reservoir.size()).isEqualTo(reservoir.all().size());
    }

    @Test
    void shouldPickUpWhereItWasAfterARestart() {
        TrainingReservoir before = new TrainingReservoir(store, 4, 2, 1);
        before.add(sample("a", 0));
        before.add(sample("a", 1));
        before.add(sample("b", 0));

        TrainingReservoir after = new TrainingReservoir(store, 4, 2, 1);
        after.add(sample("a", 2));

        assertThat(after.size()).isEqualTo(3);
        assertThat(after.all()).extracting(sample -> sample.getSensorId() + "@" + sample.getEventTime()
                .toEpochMilli()).containsExactlyInAnyOrder("a@1", "a@2", "b@0");
    }

    private static TrainingSample sample(String sensor, long time) {
        return TrainingSample.newBuilder().setSensorId(sensor).setEventTime(Instant.ofEpochMilli(time))
                .setScaled(List.of(0f, 1f)).setModelVersion(1).build();
    }
}
