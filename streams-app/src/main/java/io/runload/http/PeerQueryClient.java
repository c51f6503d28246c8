package io.runload.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Relays a query GET to another RunLoad instance. The request carries {@link #FORWARDED_HEADER},
 * so the receiver answers from its own stores and never forwards again: a stale or split view of
 * ownership can cost one failed hop, never a loop. With a peer secret the relay is signed
 * ({@link PeerSignature}), which is what makes the receiver honour the forwarded header; with TLS
 * it goes over HTTPS, checked against the configured CA certificates.
 */
public final class PeerQueryClient {
    /** Marks a relayed request; the value says which copy to read: {@code active} or {@code standby}. */
    public static final String FORWARDED_HEADER = "X-RunLoad-Forwarded";
    /** The application.server of the instance whose stores produced the answer. */
    public static final String SERVED_BY_HEADER = "X-RunLoad-Served-By";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String scheme;
    private final Optional<PeerSignature> signature;

    public PeerQueryClient(Duration connectTimeout, Duration requestTimeout) {
        this(connectTimeout, requestTimeout, Optional.empty(), Optional.empty());
    }

    public PeerQueryClient(
            Duration connectTimeout,
            Duration requestTimeout,
            Optional<SSLContext> tls,
            Optional<PeerSignature> signature) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        tls.ifPresent(builder::sslContext);
        this.client = builder.build();
        this.requestTimeout = requestTimeout;
        this.scheme = tls.isPresent() ? "https" : "http";
        this.signature = signature;
    }

    /** Relays with TLS when the settings have it, trusting their CA certificates. */
    public static PeerQueryClient forSettings(HttpServerSettings settings, Optional<PeerSignature> signature) {
        Duration connect = settings.requestTimeout().compareTo(Duration.ofSeconds(1)) < 0
                ? settings.requestTimeout()
                : Duration.ofSeconds(1);
        return new PeerQueryClient(
                connect, settings.requestTimeout(), settings.tls().map(TlsMaterial::clientContext), signature);
    }

    /**
     * Relays a query to the instance at {@code host}, asking for its {@code copy} of the data.
     *
     * @param pathAndQuery the raw path and query of the original request, e.g. {@code /api/athletes/a%2F1/runs?limit=5}
     */
    public ApiResponse get(HostInfo host, String pathAndQuery, String copy) throws IOException, InterruptedException {
        return get(host, pathAndQuery, copy, requestTimeout);
    }

    /** As {@link #get(HostInfo, String, String)}, giving up after {@code timeout} if that is sooner than the client's own. */
    public ApiResponse get(HostInfo host, String pathAndQuery, String copy, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(timeout.compareTo(requestTimeout) < 0 ? timeout : requestTimeout)
                .header(FORWARDED_HEADER, copy)
                .header("Accept", "application/json")
                .GET();
        signature.ifPresent(s -> request.header(PeerSignature.HEADER, s.sign(copy, pathAndQuery)));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse(ApiResponse.JSON);
        String servedBy = response.headers().firstValue(SERVED_BY_HEADER).orElse(host.host() + ":" + host.port());
        return new ApiResponse(response.statusCode(), contentType, response.body(), servedBy);
    }
}
