package dev.vigil.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.kafka.streams.state.HostInfo;

/** Asks another instance of this application over HTTP (a sensor it owns, or its local part of a list). */
final class Peers {

    /** Marks a request one instance sends another, so that a request is forwarded at most once. */
    static final String FORWARDED_HEADER = "X-Vigil-Forwarded";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    record Answer(int status, String body) {
    }

    /** GET {@code pathAndQuery} at {@code peer}; an unreachable peer is an {@link IOException} naming it. */
    Answer get(HostInfo peer, String pathAndQuery) throws IOException {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IOException("instance " + peer.host() + ":" + peer.port() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + peer.host() + ":" + peer.port(), e);
        }
    }
}
