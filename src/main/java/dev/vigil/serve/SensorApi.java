package dev.vigil.serve;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.vigil.avro.SensorState;
import dev.vigil.score.SensorScorer;

import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query API over the scoring state: one sensor ({@code /api/sensors/{id}}, from the instance that owns it),
 * the fleet's sensors, its open anomaly episodes and a summary. The lists are gathered from every instance: each
 * answers for its own part ({@code ?scope=local}) and the one asked merges them.
 */
final class SensorApi {

    /** Sensors listed at most by {@code /api/sensors} unless {@code ?limit=} says otherwise. */
    static final int DEFAULT_LIMIT = 2000;

    private final SensorDirectory directory;
    private final LocalFleet fleet;
    private final SensorScorer scorer;
    private final Peers peers;
    private final Throughput throughput;
    private final Supplier<KafkaStreams.State> state;
    private final LongSupplier modelVersion;

    SensorApi(SensorDirectory directory, LocalFleet fleet, SensorScorer scorer, Peers peers, Throughput throughput,
              Supplier<KafkaStreams.State> state, LongSupplier modelVersion) {
        this.directory = directory;
        this.fleet = fleet;
        this.scorer = scorer;
        this.peers = peers;
        this.throughput = throughput;
        this.state = state;
        this.modelVersion = modelVersion;
    }

    /** {@code /api/sensors/{id}}: answered here when the sensor is here, else by the instance that owns it. */
    Http.Response sensor(String sensorId, boolean forwarded) throws IOException {
        SensorDirectory.Location location = directory.locate(sensorId);
        if (location instanceof SensorDirectory.There there && !forwarded) {
            Peers.Answer answer = peers.get(there.host(), "/api/sensors/" + encode(sensorId));
            return Http.Response.rawJson(answer.status(), answer.body());
        }
        if (location instanceof SensorDirectory.Unknown) {
            return Http.Response.error(503, "no instance owns sensor '" + sensorId
                    + "' right now (the group is rebalancing); try again");
        }
        Optional<SensorState> found = directory.local(sensorId);
        if (found.isEmpty()) {
            return Http.Response.error(404, "no sensor '" + sensorId
                    + "': never seen, or evicted after state.idle.ttl.ms without readings");
        }
        return Http.Response.json(Views.detail(sensorId, found.get(), scorer));
    }

    /** {@code /api/sensors}: every sensor's tile, by id, at most {@code limit}. */
    Http.Response sensors(boolean localOnly, int limit) {
        List<Views.SensorSummary> local = fleet.snapshot().sensors();
        if (localOnly) {
            return Http.Response.json(local);
        }
        Gathered<Views.SensorSummary> all = gather("/api/sensors?scope=local", local,
                new TypeReference<List<Views.SensorSummary>>() { });
        all.items().sort(Comparator.comparing(Views.SensorSummary::sensorId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", all.items().size());
        body.put("sensors", all.items().subList(0, Math.min(limit, all.items().size())));
        body.put("unreachable", all.unreachable());
        return Http.Response.json(body);
    }

    /** {@code /api/anomalies}: the open episodes, newest first. */
    Http.Response anomalies(boolean localOnly) {
        List<Views.OpenEpisode> local = fleet.snapshot().open();
        if (localOnly) {
            return Http.Response.json(local);
        }
        Gathered<Views.OpenEpisode> all = gather("/api/anomalies?scope=local", local,
                new TypeReference<List<Views.OpenEpisode>>() { });
        all.items().sort(Comparator.comparing(Views.OpenEpisode::startedAt).reversed());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", all.items().size());
        body.put("open", all.items());
        body.put("unreachable", all.unreachable());
        return Http.Response.json(body);
    }

    /** What one instance contributes to the fleet summary. */
    record InstanceSummary(String streamsState, long sensors, long openAnomalies, double readingsPerSecond,
                           double readingsScored, long modelVersion) {
    }

    /** {@code /api/fleet}: sensors, open anomalies, throughput and model version, over every instance. */
    Http.Response fleetSummary(boolean localOnly) {
        LocalFleet.Snapshot snapshot = fleet.snapshot();
        InstanceSummary local = new InstanceSummary(state.get().name(), snapshot.sensors().size(),
                snapshot.open().size(), throughput.perSecond(), throughput.total(), modelVersion.getAsLong());
        if (localOnly) {
            // a list of one, so that merging the instances' answers is the same as for the other lists
            return Http.Response.json(List.of(local));
        }
        Gathered<InstanceSummary> all = gather("/api/fleet?scope=local", List.of(local),
                new TypeReference<List<InstanceSummary>>() { });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("streams_state", local.streamsState());
        body.put("instances", all.items().size());
        body.put("sensors", all.items().stream().mapToLong(InstanceSummary::sensors).sum());
        body.put("open_anomalies", all.items().stream().mapToLong(InstanceSummary::openAnomalies).sum());
        body.put("readings_per_second", all.items().stream().mapToDouble(InstanceSummary::readingsPerSecond).sum());
        body.put("readings_scored", all.items().stream().mapToDouble(InstanceSummary::readingsScored).sum());
        body.put("model_version", local.modelVersion());
        body.put("unreachable", all.unreachable());
        return Http.Response.json(body);
    }

    private record Gathered<T>(List<T> items, List<String> unreachable) {
    }

    /** This instance's items plus each peer's; a peer that fails is named in {@code unreachable}, not fatal. */
    private <T> Gathered<T> gather(String localPath, List<T> local, TypeReference<List<T>> type) {
        List<T> items = new ArrayList<>(local);
        List<String> unreachable = new ArrayList<>();
        for (HostInfo peer : directory.peers()) {
            String name = peer.host() + ":" + peer.port();
            try {
                Peers.Answer answer = peers.get(peer, localPath);
                if (answer.status() == 200) {
                    items.addAll(Http.JSON.readValue(answer.body(), type));
                } else {
                    unreachable.add(name + " (HTTP " + answer.status() + ")");
                }
            } catch (IOException e) {
                unreachable.add(name + " (" + e.getMessage() + ")");
            }
        }
        return new Gathered<>(items, unreachable);
    }

    private static String encode(String sensorId) {
        return URLEncoder.encode(sensorId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
