package io.runload.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP server speaking the Confluent REST subset the client uses, with knobs for the
 * failures a real registry shows: 5xx answers, slow answers, and what requests it received.
 */
public final class FakeConfluentRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    /** One received request. */
    record Request(String method, String path, String contentType, String authorization, String body) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-registry");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, String> schemaTextById = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failuresServed = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile Duration delay = Duration.ZERO;
    private volatile String requiredAuthorization;

    public FakeConfluentRegistry() throws IOException {
        this(null);
    }

    /** Serves HTTPS with {@code tls}'s key when it is not null. */
    public FakeConfluentRegistry(SSLContext tls) throws IOException {
        this(tls, false);
    }

    /** HTTPS that, with {@code needClientAuth}, accepts only clients with a certificate {@code tls} trusts. */
    public FakeConfluentRegistry(SSLContext tls, boolean needClientAuth) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters parameters = tls.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(parameters);
                }
            });
            server = https;
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Every request without exactly this Authorization header is answered 401, as a secured registry does. */
    public void requireAuthorization(String header) {
        requiredAuthorization = header;
    }

    /** The next {@code count} requests are answered with {@code status} and a Confluent error body. */
    public void failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** How many injected failures were answered, so a test can tell they really happened. */
    public int failuresServed() {
        return failuresServed.get();
    }

    /** Every request received so far, failed or not. */
    public int requestsReceived() {
        return requests.size();
    }

    /** Every answer is held back this long. */
    void delayAnswers(Duration delay) {
        this.delay = delay;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long requestCount(String method, String pathPrefix) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
                .count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            String required = requiredAuthorization;
            if (required != null
                    && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failuresServed.incrementAndGet();
                answer(exchange, failureStatus, error(failureStatus * 100 + 1, "Injected failure"));
                return;
            }
            answer(exchange, route(exchange.getRequestMethod(), path, body));
        }
    }

    private synchronized Answer route(String method, String path, String body) throws IOException {
        Matcher register = REGISTER.matcher(path);
        Matcher lookup = LOOKUP.matcher(path);
        Matcher byId = BY_ID.matcher(path);
        if (method.equals("POST") && register.matches()) {
            String schema = JSON.readTree(body).get("schema").asText();
            int id = idsBySchemaText.computeIfAbsent(schema, s -> idsBySchemaText.size() + 1);
            schemaTextById.put(id, schema);
            List<Integer> versions = subjects.computeIfAbsent(decode(register.group(1)), s -> new ArrayList<>());
            if (!versions.contains(id)) {
                versions.add(id);
            }
            return new Answer(200, "{\"id\":" + id + "}");
        }
        if (method.equals("POST") && lookup.matches()) {
            String subject = decode(lookup.group(1));
            List<Integer> versions = subjects.get(subject);
            if (versions == null) {
                return new Answer(404, error(40401, "Subject '" + subject + "' not found."));
            }
            Integer id = idsBySchemaText.get(JSON.readTree(body).get("schema").asText());
            if (id == null || !versions.contains(id)) {
                return new Answer(404, error(40403, "Schema not found"));
            }
            return new Answer(
                    200,
                    JSON.writeValueAsString(Map.of(
                            "subject",
                            subject,
                            "id",
                            id,
                            "version",
                            versions.indexOf(id) + 1,
                            "schema",
                            schemaTextById.get(id))));
        }
        if (method.equals("GET") && byId.matches()) {
            String schema = schemaTextById.get(Integer.parseInt(byId.group(1)));
            if (schema == null) {
                return new Answer(404, error(40403, "Schema " + byId.group(1) + " not found"));
            }
            return new Answer(200, JSON.writeValueAsString(Map.of("schema", schema)));
        }
        return new Answer(404, error(404, "HTTP 404 Not Found"));
    }

    private static String error(int code, String message) throws IOException {
        return JSON.writeValueAsString(Map.of("error_code", code, "message", message));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        answer(exchange, answer.status(), answer.body());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private record Answer(int status, String body) {}
}
