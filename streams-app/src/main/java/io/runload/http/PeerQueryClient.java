package io.runload.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Relays a query GET to another RunLoad instance. The request carries {@link #FORWARDED_HEADER},
 * so the receiver answers from its own stores and never forwards again: a stale or split view of
 * ownership can cost one failed hop, never a loop.
 */
public final class PeerQueryClient {
    /** Marks a relayed request; the value says which copy to read: {@code active} or {@code standby}. */
    public static final String FORWARDED_HEADER = "X-RunLoad-Forwarded";
    /** The application.server of the instance whose stores produced the answer. */
    public static final String SERVED_BY_HEADER = "X-RunLoad-Served-By";

    private final HttpClient client;
    private final Duration requestTimeout;

    public PeerQueryClient(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = requestTimeout;
    }

    /** @param pathAndQuery the raw path and query of the original request, e.g. {@code /api/athletes/a%2F1/runs?limit=5} */
    public ApiResponse get(HostInfo host, String pathAndQuery, String copy) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(requestTimeout)
                .header(FORWARDED_HEADER, copy)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse(ApiResponse.JSON);
        String servedBy = response.headers().firstValue(SERVED_BY_HEADER).orElse(host.host() + ":" + host.port());
        return new ApiResponse(response.statusCode(), contentType, response.body(), servedBy);
    }
}
