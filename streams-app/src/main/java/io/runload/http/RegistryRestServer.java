package io.runload.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link InMemorySchemaRegistry} over the subset of Confluent's schema-registry REST API
 * that Confluent's serializers, kcat (libserdes) and {@code runload import} use, so that clients
 * outside the JVM can read and write the embedded mode's topics:
 * <ul>
 *   <li>{@code POST /subjects/{s}/versions}: register (checked against the compatibility level);</li>
 *   <li>{@code POST /subjects/{s}}: look up a schema's id and version under a subject;</li>
 *   <li>{@code GET /schemas/ids/{id}} and {@code GET /schemas/ids/{id}/schema};</li>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions},
 *       {@code GET /subjects/{s}/versions/{v|latest}} and {@code .../schema};</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions/{v|latest}};</li>
 *   <li>{@code GET/PUT /config} and {@code GET/PUT /config/{s}}.</li>
 * </ul>
 * Only Avro schemas are accepted. Errors carry Confluent's {@code error_code}s (40401 subject not
 * found, 40402 version not found, 40403 schema not found, 409 incompatible, 42201 invalid schema,
 * 42203 invalid compatibility level).
 */
public final class RegistryRestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRestServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> LEVELS = Set.of(
            "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    private final InMemorySchemaRegistry registry;
    private final Server server;
    private final ServerConnector connector;

    public RegistryRestServer(InMemorySchemaRegistry registry, String host, int port) {
        this.registry = registry;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("runload-registry");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
    }

    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "Cannot start the schema registry API on " + connector.getHost() + ":" + connector.getPort() + ": "
                            + e.getMessage(),
                    e);
        }
        LOG.info("Schema registry API (Confluent REST) at http://{}:{}", connector.getHost(), port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    private void serve(Request request, Response response, Callback callback) {
        Answer answer;
        try {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            answer = route(request.getMethod(), segments(request.getHttpURI().getPath()), body);
        } catch (Rejection r) {
            answer = new Answer(r.status, error(r.errorCode, r.getMessage()));
        } catch (SchemaRegistryException e) {
            answer = new Answer(e.httpStatus() > 0 ? e.httpStatus() : 500, error(e.errorCode(), e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Schema registry API request {} {} failed",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    e);
            answer = new Answer(500, error(50001, "Error in the backend data store: " + e.getMessage()));
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        Content.Sink.write(response, true, answer.body(), callback);
    }

    private Answer route(String method, List<String> path, String body) throws IOException {
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        if (first.equals("schemas") && n >= 3 && path.get(1).equals("ids")) {
            Schema schema = schemaById(path.get(2));
            if (n == 3 && method.equals("GET")) {
                return ok(Map.of("schema", schema.toString()));
            }
            if (n == 4 && path.get(3).equals("schema") && method.equals("GET")) {
                return new Answer(200, schema.toString());
            }
        }
        if (first.equals("subjects")) {
            if (n == 1 && method.equals("GET")) {
                return ok(registry.subjects());
            }
            String subject = n >= 2 ? path.get(1) : null;
            if (n == 2 && method.equals("POST")) {
                return lookup(subject, parse(body));
            }
            if (n == 3 && path.get(2).equals("versions")) {
                if (method.equals("GET")) {
                    return ok(versionNumbers(existingVersions(subject)));
                }
                if (method.equals("POST")) {
                    return register(subject, parse(body));
                }
            }
            if (n >= 4 && path.get(2).equals("versions") && method.equals("GET")) {
                List<Integer> ids = existingVersions(subject);
                int version = version(path.get(3), ids);
                Schema schema = registry.schemaById(ids.get(version - 1));
                if (n == 4) {
                    return ok(describe(subject, version, ids.get(version - 1), schema));
                }
                if (n == 5 && path.get(4).equals("schema")) {
                    return new Answer(200, schema.toString());
                }
            }
        }
        if (first.equals("compatibility")
                && n == 5
                && path.get(1).equals("subjects")
                && path.get(3).equals("versions")
                && method.equals("POST")) {
            String subject = path.get(2);
            List<Integer> ids = existingVersions(subject);
            int version = version(path.get(4), ids);
            Schema candidate = parse(body);
            return ok(Map.of(
                    "is_compatible",
                    compatible(candidate, List.of(registry.schemaById(ids.get(version - 1))), levelOf(subject))));
        }
        if (first.equals("config") && n <= 2) {
            String subject = n == 2 ? path.get(1) : null;
            if (method.equals("GET")) {
                String level = subject == null
                        ? registry.compatibility()
                        : registry.compatibility(subject)
                                .orElseThrow(() -> new Rejection(
                                        404,
                                        40408,
                                        "Subject '" + subject
                                                + "' does not have subject-level compatibility configured"));
                return ok(Map.of("compatibilityLevel", level));
            }
            if (method.equals("PUT")) {
                JsonNode request = JSON.readTree(body);
                String level = request == null || !request.hasNonNull("compatibility")
                        ? ""
                        : request.get("compatibility").asText().toUpperCase(Locale.ROOT);
                if (!LEVELS.contains(level)) {
                    throw new Rejection(
                            422,
                            42203,
                            "Invalid compatibility level. Valid values are " + new java.util.TreeSet<>(LEVELS));
                }
                registry.setCompatibility(subject, level);
                return ok(Map.of("compatibility", level));
            }
        }
        throw new Rejection(404, 404, "HTTP 404 Not Found");
    }

    private Answer register(String subject, Schema schema) throws IOException {
        List<Integer> ids = registry.versions(subject);
        String level = levelOf(subject);
        if (!ids.contains(registeredId(schema)) && !ids.isEmpty()) {
            List<Schema> earlier = new ArrayList<>();
            for (int id : ids) {
                earlier.add(registry.schemaById(id));
            }
            if (!compatible(schema, earlier, level)) {
                throw new Rejection(
                        409,
                        409,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\" (compatibility " + level + ")");
            }
        }
        return ok(Map.of("id", registry.register(subject, schema)));
    }

    private Answer lookup(String subject, Schema schema) throws IOException {
        List<Integer> ids = registry.versions(subject);
        if (ids.isEmpty()) {
            throw new Rejection(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        int id = registry.lookupId(subject, schema);
        return ok(describe(subject, ids.indexOf(id) + 1, id, registry.schemaById(id)));
    }

    private int registeredId(Schema schema) {
        for (String subject : registry.subjects()) {
            try {
                return registry.lookupId(subject, schema);
            } catch (SchemaRegistryException notThere) {
                // try the next subject
            }
        }
        return -1;
    }

    /**
     * Whether {@code candidate} may follow {@code earlier} (oldest first) under {@code level}:
     * BACKWARD means the new schema reads data written with the latest one, FORWARD the reverse,
     * FULL both; the _TRANSITIVE levels check every earlier version, not only the latest.
     */
    static boolean compatible(Schema candidate, List<Schema> earlier, String level) {
        if (level.equals("NONE") || earlier.isEmpty()) {
            return true;
        }
        List<Schema> checked = level.endsWith("_TRANSITIVE") ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
        boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
        for (Schema old : checked) {
            if (backward && !reads(candidate, old)) {
                return false;
            }
            if (forward && !reads(old, candidate)) {
                return false;
            }
        }
        return true;
    }

    private static boolean reads(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private String levelOf(String subject) {
        return registry.compatibility(subject).orElse(registry.compatibility());
    }

    private List<Integer> existingVersions(String subject) {
        List<Integer> ids = registry.versions(subject);
        if (ids.isEmpty()) {
            throw new Rejection(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return ids;
    }

    private static int version(String text, List<Integer> ids) {
        if (text.equals("latest") || text.equals("-1")) {
            return ids.size();
        }
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Rejection(
                    422,
                    42202,
                    "The specified version '" + text + "' is not a valid version id. "
                            + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        if (version < 1 || version > ids.size()) {
            throw new Rejection(404, 40402, "Version " + version + " not found.");
        }
        return version;
    }

    private Schema schemaById(String text) {
        int id;
        try {
            id = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Rejection(404, 40403, "Schema " + text + " not found");
        }
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new Rejection(404, 40403, "Schema " + id + " not found");
        }
    }

    private static Schema parse(String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new Rejection(400, 400, "Unrecognized request body");
        }
        if (request == null || !request.hasNonNull("schema")) {
            throw new Rejection(422, 42201, "Empty schema");
        }
        if (request.hasNonNull("schemaType")
                && !request.get("schemaType").asText().equalsIgnoreCase("AVRO")) {
            throw new Rejection(422, 42201, "Only AVRO schemas are supported by this registry");
        }
        if (request.hasNonNull("references") && request.get("references").size() > 0) {
            throw new Rejection(422, 42201, "Schema references are not supported by this registry");
        }
        try {
            return new Schema.Parser().parse(request.get("schema").asText());
        } catch (SchemaParseException e) {
            throw new Rejection(422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    private static Map<String, Object> describe(String subject, int version, int id, Schema schema) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subject", subject);
        answer.put("version", version);
        answer.put("id", id);
        answer.put("schema", schema.toString());
        return answer;
    }

    private static List<Integer> versionNumbers(List<Integer> ids) {
        List<Integer> versions = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            versions.add(i);
        }
        return versions;
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/", -1)) {
            if (!part.isEmpty()) {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Answer ok(Object value) throws IOException {
        return new Answer(200, JSON.writeValueAsString(value));
    }

    private static String error(int code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("error_code", code, "message", message == null ? "" : message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Schema registry API did not stop cleanly", e);
        }
    }

    private record Answer(int status, String body) {}

    /** A request the registry refuses, with Confluent's status and error code. */
    private static final class Rejection extends RuntimeException {
        final int status;
        final int errorCode;

        Rejection(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }
}
