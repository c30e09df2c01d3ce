package dev.vigil.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.score.SensorScorer;
import dev.vigil.topology.ScoringMeters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's HTTP server (the JDK's own): health for the orchestrator, {@code /metrics} for Prometheus, the query
 * API and the live dashboard. One per instance, on {@code http.port}.
 *
 * <pre>
 *   /health/live      200 unless the streams have died (ERROR, NOT_RUNNING): a restart would help
 *   /health/ready     200 only while the streams are RUNNING
 *   /metrics          Prometheus text format
 *   /api/sensors/{id} one sensor, from the instance that owns it
 *   /api/sensors      every sensor's tile; /api/anomalies the open episodes; /api/fleet a summary
 *   /api/models       the live model and the versions published to the models topic
 *   /                 the dashboard
 * </pre>
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final Set<KafkaStreams.State> DEAD = Set.of(KafkaStreams.State.ERROR,
            KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR);
    private static final String DASHBOARD = "/dev/vigil/serve/dashboard/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final HttpServer server;
    private final ExecutorService executor;
    private final OpsMeters meters;

    private OpsServer(HttpServer server, ExecutorService executor, OpsMeters meters) {
        this.server = server;
        this.executor = executor;
        this.meters = meters;
    }

    /**
     * Serves {@code app} on {@code http.port}; {@code registry} is the one the app's processors count into.
     *
     * @throws IllegalStateException when the port is taken, naming the setting
     */
    public static OpsServer start(VigilConfig config, VigilApp app, PrometheusMeterRegistry registry) {
        if (config.httpPort() < 0) {
            throw new IllegalArgumentException("http.port is -1: no HTTP server configured");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.httpPort()), 64);
        } catch (BindException e) {
            throw new IllegalStateException("port " + config.httpPort() + " is in use; choose another with "
                    + "--set http.port=PORT (0 takes any free port)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostInfo self = config.applicationServer().isEmpty() ? null : HostInfo.buildFromEndpoint(
                config.applicationServer());
        SensorDirectory directory = new SensorDirectory(app.streams(), self);
        SensorScorer scorer = new SensorScorer(config.scoring());
        LocalFleet fleet = new LocalFleet(directory, scorer, Duration.ofSeconds(1));
        Counter scored = registry.counter(ScoringMeters.READINGS_SCORED);
        SensorApi api = new SensorApi(directory, fleet, scorer, new Peers(), new Throughput(scored::count),
                app::state, () -> app.model().version());
        ModelCatalog models = new ModelCatalog(app::model, app::streams, config.modelSigningKey(),
                app.topics().models().name());
        OpsMeters meters;
        try {
            meters = new OpsMeters(registry, app, fleet);
        } catch (RuntimeException e) {
            server.stop(0); // the port is bound already: free it before giving up
            throw e;
        }

        server.createContext("/health/live", exchange -> respond(exchange, () -> DEAD.contains(app.state())
                ? Http.Response.json(503, Map.of("status", "dead", "streams", app.state().name()))
                : Http.Response.json(Map.of("status", "live", "streams", app.state().name()))));
        server.createContext("/health/ready", exchange -> respond(exchange, () -> app.state() == KafkaStreams.State.RUNNING
                ? Http.Response.json(Map.of("status", "ready", "streams", app.state().name()))
                : Http.Response.json(503, Map.of("status", "not ready", "streams", app.state().name()))));
        server.createContext("/metrics", exchange -> respond(exchange, () -> Http.Response.text(200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        server.createContext("/api/sensors", exchange -> respond(exchange, () -> {
            String rest = exchange.getRequestURI().getPath().substring("/api/sensors".length());
            Map<String, String> query = Http.query(exchange.getRequestURI());
            if (rest.isEmpty() || rest.equals("/")) {
                return api.sensors(isLocal(query), limit(query));
            }
            boolean forwarded = exchange.getRequestHeaders().containsKey(Peers.FORWARDED_HEADER);
            return api.sensor(rest.substring(1), forwarded);
        }));
        server.createContext("/api/anomalies", exchange -> respond(exchange,
                () -> api.anomalies(isLocal(Http.query(exchange.getRequestURI())))));
        server.createContext("/api/fleet", exchange -> respond(exchange,
                () -> api.fleetSummary(isLocal(Http.query(exchange.getRequestURI())))));
        server.createContext("/api/models", exchange -> respond(exchange, () -> Http.Response.json(models.catalog())));
        server.createContext("/", exchange -> respond(exchange, () -> dashboardFile(exchange.getRequestURI().getPath())));

        // a few threads: forwarding to a peer blocks one for up to its timeout
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "vigil-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor, meters);
    }

    /** The registry to start the app with, so that its processors' meters appear on {@code /metrics}. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The port it listens on (the configured one, or the one picked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where a person on this machine opens the dashboard. */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    private interface Route {
        Http.Response handle() throws IOException;
    }

    private static void respond(HttpExchange exchange, Route route) throws IOException {
        Http.Response response;
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            response = Http.Response.error(405, "only GET");
        } else {
            try {
                response = route.handle();
            } catch (IllegalArgumentException e) {
                response = Http.Response.error(400, e.getMessage());
            } catch (InvalidStateStoreException e) {
                response = Http.Response.error(503, "the state store cannot be queried now (starting, restoring or "
                        + "rebalancing): " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} failed", exchange.getRequestURI(), e);
                response = Http.Response.error(500, e.toString());
            }
        }
        Http.send(exchange, response);
    }

    private static boolean isLocal(Map<String, String> query) {
        return "local".equals(query.get("scope"));
    }

    private static int limit(Map<String, String> query) {
        String limit = query.get("limit");
        if (limit == null) {
            return SensorApi.DEFAULT_LIMIT;
        }
        try {
            return Math.max(0, Integer.parseInt(limit));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number, not '" + limit + "'", e);
        }
    }

    /** The dashboard's files, shipped in the jar: {@code /} is its page. */
    private static Http.Response dashboardFile(String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.startsWith("/dashboard/")
                ? path.substring("/dashboard/".length()) : null;
        if (name == null || name.isEmpty() || name.contains("..") || name.contains("/")) {
            return Http.Response.error(404, "nothing at " + path + "; the dashboard is at /");
        }
        try (InputStream file = OpsServer.class.getResourceAsStream(DASHBOARD + name)) {
            if (file == null) {
                return Http.Response.error(404, "nothing at " + path);
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return new Http.Response(200, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                    file.readAllBytes());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            meters.close();
        } catch (Exception e) {
            LOG.warn("closing the meters failed", e);
        }
    }
}
