package io.runload.http;

import io.runload.metrics.RunLoadMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP face, on Jetty: a management listener (Prometheus metrics, liveness and
 * readiness, never authenticated) and an API listener (the query API, which asks for a credential,
 * and the dashboard's static files). Both may share one port.
 *
 * <p>Jetty reads requests on its selector without holding a thread, so a client that sends its
 * headers or body slowly costs a socket and a buffer, not a request thread; a connection that has
 * not sent a whole request head within the header timeout is closed. Query requests, which may
 * wait on a peer, hold at most half of the thread pool, so the health routes always find one.
 */
public final class RunLoadHttpServer implements AutoCloseable {
    public static final String MANAGEMENT = "management";
    public static final String API = "api";
    static final String ALLOW = "GET, HEAD";
    /** The page loads only its own script and style; Chart.js draws on a canvas and styles it through the CSSOM. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(RunLoadHttpServer.class);

    private final HttpServerSettings settings;
    private final Server server;
    private final ServerConnector api;
    private final ServerConnector management;
    private final ScheduledExecutorService headerDeadlines;
    private final Map<Connection, ScheduledFuture<?>> awaitingHeaders = new ConcurrentHashMap<>();

    /**
     * @param queries the query API and who may call it; empty serves only management routes
     *                (and the dashboard's files) on the API listener
     */
    public RunLoadHttpServer(
            HttpServerSettings settings,
            RunLoadMetrics metrics,
            Supplier<KafkaStreams.State> streamsState,
            Optional<ApiRoutes> queries) {
        this.settings = settings;
        // Jetty wants an unbounded job queue (a rejected job would drop a connection's I/O); what
        // bounds the work is the connection limit, the query permits and the size limits.
        QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(), Math.min(4, settings.maxThreads()), 60_000);
        pool.setName("runload-http");
        pool.setDaemon(true);
        server = new Server(pool);
        server.setStopAtShutdown(false);
        headerDeadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runload-http-header-deadlines");
            t.setDaemon(true);
            return t;
        });

        api = connector(API, settings.host(), settings.port(), settings.tls());
        server.addConnector(api);
        if (settings.managementPort().isPresent()) {
            management = connector(
                    MANAGEMENT,
                    settings.managementHost(),
                    settings.managementPort().get(),
                    Optional.empty());
            server.addConnector(management);
        } else {
            management = null;
        }
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), api));
        if (management != null) {
            server.addBean(new NetworkConnectionLimit(settings.maxConnections(), management));
        }
        ErrorHandler errors = new ErrorHandler() {
            @Override
            protected void generateResponse(
                    Request request, Response response, int code, String message, Throwable cause, Callback callback)
                    throws IOException {
                securityHeaders(response);
                // Jetty's own refusals (malformed request, 431, 413): the status and a short reason, never a stack.
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                String error = code == 400 ? "bad_request" : "http_" + code;
                String detail = message == null ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
                respond(
                        request,
                        response,
                        callback,
                        code,
                        ApiResponse.JSON,
                        ApiJson.write(new AthleteViews.ErrorView(error, detail)));
            }
        };
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowOrigin(false);
        errors.setShowMessageInTitle(false);
        errors.setDefaultResponseMimeType("application/json");
        server.setErrorHandler(errors);
        Semaphore queryPermits = new Semaphore(Math.max(1, settings.maxThreads() / 2));
        Handler routes = new RunLoadRoutes(
                metrics, streamsState, queries, new DashboardAssets(), management != null, queryPermits);
        server.setHandler(new SizeLimitHandler(settings.maxBodyBytes(), -1) {
            {
                setHandler(routes);
            }
        });
    }

    private ServerConnector connector(String name, String host, int port, Optional<HttpServerSettings.Tls> tls) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        ServerConnector c;
        if (tls.isPresent()) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            c = new ServerConnector(
                    server,
                    1,
                    1,
                    new SslConnectionFactory(TlsMaterial.serverContext(tls.get()), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        c.setName(name);
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(settings.idleTimeout().toMillis());
        c.setAcceptQueueSize(256);
        c.addEventListener(new HeaderDeadline());
        return c;
    }

    /**
     * Closes a connection that has not delivered a whole request head in time. The idle timeout
     * alone would let a client that sends one byte every few seconds keep a connection forever.
     */
    private final class HeaderDeadline implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof SslConnection) {
                return;
            }
            long ms = settings.headerTimeout().toMillis();
            awaitingHeaders.put(
                    connection,
                    headerDeadlines.schedule(
                            () -> {
                                awaitingHeaders.remove(connection);
                                if (connection.getMessagesIn() == 0) {
                                    LOG.debug("Closing a connection that sent no complete request head in {} ms", ms);
                                    connection.getEndPoint().close();
                                }
                            },
                            ms,
                            TimeUnit.MILLISECONDS));
        }

        @Override
        public void onClosed(Connection connection) {
            ScheduledFuture<?> deadline = awaitingHeaders.remove(connection);
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start the HTTP server on " + settings.host() + ":" + settings.port() + ": "
                            + e.getMessage(),
                    e);
        }
        String scheme = settings.tls().isPresent() ? "https" : "http";
        LOG.info(
                "HTTP API and dashboard on {}://{}:{}/ (auth: {})",
                scheme,
                settings.host(),
                port(),
                settings.auth() == HttpServerSettings.AuthMode.KEYS ? "API keys" : "none");
        LOG.info(
                "HTTP management (metrics, health) on http://{}:{}/",
                management == null ? settings.host() : settings.managementHost(),
                managementPort());
    }

    /** Port of the API and dashboard listener. */
    public int port() {
        return api.getLocalPort();
    }

    /** Port of the management routes: their own listener's, or the API listener's. */
    public int managementPort() {
        return management == null ? port() : management.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed: {}", e.toString());
        }
        headerDeadlines.shutdownNow();
    }

    static void securityHeaders(Response response) {
        var h = response.getHeaders();
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("Referrer-Policy", "no-referrer");
    }

    /** Writes a whole response; a HEAD gets the same status and headers without the body. */
    static void respond(
            Request request, Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
    }

    static void respond(
            Request request, Response response, Callback callback, int status, String contentType, String body) {
        respond(request, response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
