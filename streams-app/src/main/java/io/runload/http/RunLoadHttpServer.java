package io.runload.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.runload.runtime.RunLoadMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP face: Prometheus metrics, liveness and readiness probes, and any further
 * routes (query API, dashboard) registered before {@link #start()}.
 */
public final class RunLoadHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLoadHttpServer.class);

    static {
        // The JDK server writes headers and body separately; with Nagle on, small responses wait
        // for the client's delayed ACK (~40 ms each). Read once, when the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    public RunLoadHttpServer(String host, int port, RunLoadMetrics metrics, Supplier<KafkaStreams.State> streamsState)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        AtomicInteger n = new AtomicInteger();
        // Query relays hold a thread while the peer answers, and peers relay to each other: keep
        // enough threads that both directions at once cannot starve each other.
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "runload-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        route("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        route("/health/live", exchange -> {
            KafkaStreams.State state = streamsState.get();
            // Live unless Streams has given up (ERROR): a restart is then the only cure.
            boolean live = state != KafkaStreams.State.ERROR;
            respond(exchange, live ? 200 : 503, "application/json", "{\"status\":\"" + (live ? "UP" : "DOWN")
                    + "\",\"streams\":\"" + state + "\"}");
        });
        route("/health/ready", exchange -> {
            KafkaStreams.State state = streamsState.get();
            boolean ready = state == KafkaStreams.State.RUNNING;
            respond(exchange, ready ? 200 : 503, "application/json", "{\"status\":\"" + (ready ? "READY" : "NOT_READY")
                    + "\",\"streams\":\"" + state + "\"}");
        });
    }

    /** Registers a handler for a path prefix; errors become a JSON 500 instead of a dropped connection. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException | IOException e) {
                LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                try {
                    respond(exchange, 500, "application/json", "{\"error\":\"internal error\"}");
                } catch (IOException | RuntimeException ignored) {
                    // The response may already be committed; nothing more to tell the client.
                }
            }
        });
    }

    public void start() {
        server.start();
        LOG.info("HTTP server listening on http://{}:{}/ (metrics: /metrics)", server.getAddress().getHostString(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
