package dev.vigil.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.demo.DemoMonitor;
import dev.vigil.demo.DetectionReport;
import dev.vigil.demo.FleetEncoding;
import dev.vigil.demo.FleetProducer;
import dev.vigil.demo.SensorFleet;
import dev.vigil.io.TempDirectory;
import dev.vigil.kafka.ModelLog;
import dev.vigil.model.Backend;
import dev.vigil.serve.OpsServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: the whole job on the embedded default. A broker in-process, a simulated fleet publishing
 * readings with injected anomalies, the scoring topology, and a live line of what an alerting system sees.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Vigil on its own embedded broker against a simulated sensor fleet with injected "
                + "anomalies (spikes, level shifts, drift, stuck values, dropouts). Ctrl-C to stop.")
final class DemoCommand implements Callable<Integer> {

    private static final Duration DEMO_RETRAIN_INTERVAL = Duration.ofSeconds(20);
    /** The summary names this many false alarms (sensor and step), so that a run's few can be looked up. */
    private static final int FALSE_ALARMS_LISTED = 5;

    @Option(names = "--sensors", defaultValue = "1000", description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", defaultValue = "5000",
            description = "Readings published per second, all sensors together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Stop after this long, e.g. 60s or 5m (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--anomaly-share", defaultValue = "0.05",
            description = "Share of sensors that get one injected anomaly (default: ${DEFAULT-VALUE}).")
    double anomalyShare;

    @Option(names = "--report-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often to print the live line (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated fleet.")
    long seed;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        TempDirectory workDir = TempDirectory.create("vigil-demo");
        Map<String, String> flags = new HashMap<>();
        flags.put(VigilConfig.STATE_DIR, workDir.resolve("state").toString());
        flags.put(VigilConfig.EMBEDDED_DIR, workDir.resolve("kafka").toString());
        VigilConfig config = configOptions.load(flags);
        if (!config.originals().containsKey(VigilConfig.TRAIN_INTERVAL_MS)) {
            // a demo lasts minutes: retrain often enough to watch versions advance (a deployment: every 15 min) once
            // its sensors have a day behind them (1,440 readings, five minutes at the default rate; decision 0031)
            flags.put(VigilConfig.TRAIN_INTERVAL_MS, String.valueOf(DEMO_RETRAIN_INTERVAL.toMillis()));
            config = configOptions.load(flags);
        }
        int warmup = config.scoring().warmupSteps();
        long stepsPerSecond = Math.max(1, Math.round(rate / sensors));
        long plannedSteps = duration == null ? warmup + 400 : duration.toSeconds() * stepsPerSecond;
        SensorFleet fleet = new SensorFleet(sensors, seed, anomalyShare, warmup + 20,
                Math.max(warmup + 21, (long) (plannedSteps * 0.8)));

        System.out.printf("vigil demo: %,d sensors, %,.0f readings/s, %d injected anomalies; starting the embedded "
                + "broker ...%n", sensors, rate, fleet.injected().size());
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: end the live loop, then hold the JVM until the summary is printed and everything is closed
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop"));
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        try (VigilApp app = VigilApp.start(config, Models.loadUpdate(config), registry);
             OpsServer server = config.httpPort() < 0 ? null : OpsServer.start(config, app, registry)) {
            System.out.printf("broker up in %.1f s at %s; scoring with model v%d (%s)%n",
                    app.brokerStartMillis() / 1000.0, app.bootstrapServers(), app.model().version(),
                    Backend.describe(config.inferenceEngine(), app.model().spec()));
            if (server != null) {
                System.out.printf("dashboard: %s   (metrics %smetrics, API %sapi/fleet)%n", server.url(),
                        server.url(), server.url());
            }
            // the fleet speaks what the readings settings say, so --set format.readings=json shows the JSON path
            FleetProducer producer = new FleetProducer(fleet, app.bootstrapServers(), config.kafkaOverrides(),
                    app.topics().readings().name(), rate, 20_000, new FleetEncoding(config.readings()));
            DemoMonitor monitor = new DemoMonitor(app.topics(), app.bootstrapServers(), config.kafkaOverrides());
            Thread producing = new Thread(producer, "demo-fleet");
            Thread monitoring = new Thread(monitor, "demo-monitor");
            monitoring.start();
            producing.start();

            long started = System.nanoTime();
            long lastScored = 0;
            long lastReport = started;
            long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
            while (!stopped.await(reportEvery.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                long scored = monitor.forecasts() + monitor.deadLetters();
                System.out.printf("[%4ds] published %,d  scored %,d (%,.0f/s)  dead letters %,d  open anomalies %d"
                                + "  episodes %d  model v%d  lag %,d  (%s)%n",
                        (now - started) / 1_000_000_000L, producer.produced(), scored,
                        (scored - lastScored) * 1e9 / (now - lastReport), monitor.deadLetters(),
                        monitor.openAnomalies(), monitor.opened().size(), monitor.modelVersion(),
                        producer.produced() - scored, app.state());
                lastScored = scored;
                lastReport = now;
            }
            producer.stop();
            producing.join();
            drain(producer, monitor);
            monitor.stop();
            monitoring.join();

            double seconds = (System.nanoTime() - started) / 1e9;
            DetectionReport report = DetectionReport.of(fleet, monitor.opened(), producer.step());
            System.out.printf("%nsummary: %.0f s, %,d readings published (%,d corrupt on purpose) -> %,d forecasts, "
                            + "%,d dead letters; %,.0f readings/s scored%n", seconds, producer.produced(),
                    producer.corrupt(), monitor.forecasts(), monitor.deadLetters(),
                    (monitor.forecasts() + monitor.deadLetters()) / seconds);
            System.out.printf("anomalies: %d injected so far, %d found (%s); %d episodes elsewhere (false alarms)%s%n",
                    report.injected(), report.found(), report.kinds(), report.falseAlarms().size(),
                    report.falseAlarms().isEmpty() ? "" : ": " + report.falseAlarmsListed(FALSE_ALARMS_LISTED));
            System.out.printf("embedded broker start-up %.1f s; model v%d%n", app.brokerStartMillis() / 1000.0,
                    app.model().version());
            printModels(new ModelLog(app.bootstrapServers(), config.kafkaOverrides(), app.topics().models().name()));
        } finally {
            workDir.close();
            finished.countDown();
        }
        return 0;
    }

    /** The versions the run went through, with what the gate measured and how long each retrain took. */
    private static void printModels(ModelLog log) {
        System.out.println("models:");
        log.read().values().forEach(update -> {
            Map<String, Double> metrics = update.getMetrics();
            if (metrics.containsKey("live_val_mse")) {
                System.out.printf("  v%d  %s  held-out mse %.4f (live model %.4f), %d training windows, trained in "
                                + "%.1f s%n", update.getVersion(), update.getSource(), metrics.get("val_mse"),
                        metrics.get("live_val_mse"), update.getSampleCount(), metrics.get("training_ms") / 1000);
            } else {
                System.out.printf("  v%d  %s  %s%n", update.getVersion(), update.getSource(), metrics);
            }
        });
    }

    /** Waits (bounded) until everything published has come out the other end. */
    private static void drain(FleetProducer producer, DemoMonitor monitor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (monitor.forecasts() + monitor.deadLetters() < producer.produced() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
