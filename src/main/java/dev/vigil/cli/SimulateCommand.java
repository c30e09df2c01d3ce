package dev.vigil.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vigil.config.VigilConfig;
import dev.vigil.demo.FleetEncoding;
import dev.vigil.demo.FleetProducer;
import dev.vigil.demo.SensorFleet;
import dev.vigil.kafka.Clients;
import dev.vigil.kafka.Topics;

import org.apache.kafka.clients.admin.Admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil simulate}: only the demo's simulated fleet, publishing to the readings topic of a configured
 * cluster where Vigil runs as its own process (docker compose's demo producer, a load for a test cluster).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish the demo's simulated sensor fleet (with injected anomalies) to the readings topic of "
                + "the cluster in bootstrap.servers, where a separate Vigil scores it. Ctrl-C to stop.")
final class SimulateCommand implements Callable<Integer> {

    private static final Duration TOPIC_PATIENCE = Duration.ofMinutes(5);

    @Option(names = "--sensors", defaultValue = "1000", description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", defaultValue = "5000",
            description = "Readings published per second, all sensors together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--anomaly-share", defaultValue = "0.05",
            description = "Share of sensors that get one injected anomaly (default: ${DEFAULT-VALUE}).")
    double anomalyShare;

    @Option(names = "--anomalies-until-step", defaultValue = "3000",
            description = "Injected anomalies start at random steps between warm-up and this one "
                    + "(default: ${DEFAULT-VALUE}).")
    long lastAnomalyStep;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated fleet.")
    long seed;

    @Option(names = "--format", paramLabel = "avro|json",
            description = "Write the readings as Vigil's Avro or as JSON objects (sensor id, timestamp, value, with the "
                    + "configured readings.json.* field names) (default: format.readings). With readings.key=payload "
                    + "the records are keyed by a device topic (devices/ID/telemetry), as an MQTT bridge keys them.")
    String format;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws InterruptedException {
        VigilConfig config = format == null ? configOptions.load(Map.of())
                : configOptions.load(Map.of(VigilConfig.FORMAT_READINGS, format));
        if (config.bootstrapServers().isBlank()) {
            System.err.println("vigil simulate: set bootstrap.servers (VIGIL_BOOTSTRAP_SERVERS); "
                    + "`vigil demo` runs the fleet and Vigil together on an embedded broker");
            return 2;
        }
        String topic = Topics.from(config).readings().name();
        awaitTopic(config, topic);
        int warmup = config.scoring().warmupSteps();
        SensorFleet fleet = new SensorFleet(sensors, seed, anomalyShare, warmup + 20,
                Math.max(warmup + 21, lastAnomalyStep));
        FleetEncoding encoding = new FleetEncoding(config.readings());
        FleetProducer producer = new FleetProducer(fleet, config.bootstrapServers(), config.kafkaOverrides(), topic,
                rate, 20_000, encoding);
        Thread producing = new Thread(producer, "simulated-fleet");
        Runtime.getRuntime().addShutdownHook(new Thread(producer::stop, "simulate-stop"));
        System.out.printf("vigil simulate: %,d sensors, %,.0f readings/s (%s) to %s at %s, %d injected anomalies%n",
                sensors, rate, encoding.format().settingValue(), topic, config.bootstrapServers(),
                fleet.injected().size());
        producing.start();
        producing.join();
        System.out.printf("vigil simulate: published %,d readings%n", producer.produced());
        return 0;
    }

    /**
     * Vigil creates its topics at start; a producer that came first would have the broker auto-create the readings
     * topic with its default partitions, so wait for Vigil's (bounded).
     */
    private static void awaitTopic(VigilConfig config, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_PATIENCE.toNanos();
        try (Admin admin = Clients.admin(config.bootstrapServers(), config.kafkaOverrides())) {
            while (true) {
                try {
                    Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                    if (names.contains(topic)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    System.err.println("vigil simulate: cannot list topics yet (" + e.getMessage() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " did not appear within " + TOPIC_PATIENCE
                            + "; is Vigil running against " + config.bootstrapServers() + "?");
                }
                System.err.println("vigil simulate: waiting for Vigil to create " + topic + " ...");
                TimeUnit.SECONDS.sleep(2);
            }
        }
    }
}
