package dev.vigil.serve;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.app.VigilApp;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

/**
 * The meters read from the running instance rather than counted by the processors: Kafka Streams' own metrics
 * (through Micrometer's binder: lag, process rates, commit latency, RocksDB ...), the JVM's, and Vigil's gauges of
 * open anomalies, resident sensors and the live model version.
 */
final class OpsMeters implements AutoCloseable {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    OpsMeters(MeterRegistry registry, VigilApp app, LocalFleet fleet) {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(app.streams());
        streamsMetrics.bindTo(registry);
        closeables.add(streamsMetrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        Gauge.builder("vigil.anomalies.open", fleet, f -> f.snapshot().open().size())
                .description("Open anomaly episodes of the sensors this instance owns")
                .register(registry);
        // counted by the fleet scan: RocksDB's own estimate counts overwritten entries too (30,000 for 200 sensors)
        Gauge.builder("vigil.keys.resident", fleet, f -> f.snapshot().sensors().size())
                .description("Sensors with state in this instance's store")
                .register(registry);
        Gauge.builder("vigil.model.version", app, a -> a.model().version())
                .description("Version of the model this instance scores with")
                .register(registry);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }
}
