package dev.vigil.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.model.Backend;
import dev.vigil.serve.OpsServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.apache.kafka.streams.KafkaStreams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil run}: the scoring application against the configured cluster (or the embedded broker). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scoring application. With no bootstrap.servers configured Vigil starts its own "
                + "broker. SIGTERM or Ctrl-C closes it cleanly.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws InterruptedException {
        VigilConfig config = configOptions.load(Map.of());
        PrometheusMeterRegistry registry = OpsServer.newRegistry();
        VigilApp app = VigilApp.start(config, Models.loadUpdate(config), registry);
        OpsServer server;
        try {
            server = config.httpPort() < 0 ? null : OpsServer.start(config, app, registry);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the streams are NOT_RUNNING from here on by request, not by failure
            stopping.countDown();
            if (server != null) {
                server.close();
            }
            app.close();
            closed.countDown();
        }, "vigil-shutdown"));
        System.out.printf("vigil: running as %s against %s, model v%d (%s); reading %s (%s, "
                        + "sensor id from the %s), writing %s%n",
                config.applicationId(), app.bootstrapServers(), app.model().version(),
                Backend.describe(config.inferenceEngine(), app.model().spec()), app.topics().readings().name(),
                config.readings().format().settingValue(), config.readings().keySource().settingValue(),
                config.outputFormat().settingValue());
        if (server != null) {
            System.out.printf("vigil: dashboard %s  health %shealth/ready  metrics %smetrics%n", server.url(),
                    server.url(), server.url());
        }
        while (!closed.await(1, TimeUnit.SECONDS)) {
            KafkaStreams.State state = app.state();
            boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING;
            if (failed && stopping.getCount() > 0) {
                System.err.println("vigil: the streams stopped (" + state + "); see the log above");
                return 1;
            }
        }
        return 0;
    }
}
