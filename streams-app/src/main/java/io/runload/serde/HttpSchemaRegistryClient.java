package io.runload.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runload.secrets.WatchedSecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * Client for the Confluent schema-registry REST API (the subset the serde needs), which Confluent
 * SR, Apicurio's ccompat API, Redpanda and Karapace all serve.
 *
 * <p>Results are cached for the life of the client: schema ids are immutable in a Confluent
 * registry, so neither cache needs expiry. The caches are unbounded because an application
 * writes and reads a handful of schemas; they grow only with schema versions, not with records.
 *
 * <p>An id the registry does not know is remembered as unknown for
 * {@link HttpRegistrySettings#missingIdCacheTtl()}: records that carry a foreign or deleted id
 * then go to the dead-letter topic without a synchronous registry request each.
 *
 * <p>With several base URLs, each attempt tries them in order and moves on when one fails with
 * an I/O error, a timeout or a 5xx; the whole round is what {@code max.retries} repeats.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY_CHARS = 300;

    private final List<URI> baseUrls;
    private final HttpRegistrySettings settings;
    private final HttpClient http;
    private final Map<URI, Supplier<Optional<String>>> authorizationByBaseUrl;
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, MissingId> missingIds = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(List<URI> baseUrls, HttpRegistrySettings settings) {
        Objects.requireNonNull(baseUrls, "baseUrls");
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one schema registry URL is required");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authorizationByBaseUrl = new HashMap<>();
        List<URI> stripped = new ArrayList<>();
        Supplier<Optional<String>> bearer = bearerAuthorization(settings);
        for (URI url : baseUrls) {
            URI base = withoutCredentialsAndTrailingSlash(url);
            stripped.add(base);
            Optional<String> basic = basicAuthorization(url, settings);
            authorizationByBaseUrl.put(base, basic.isPresent() ? () -> basic : bearer);
        }
        this.baseUrls = List.copyOf(stripped);
        // HTTP/1.1 because registries and their proxies rarely speak h2c, and an upgrade attempt
        // on every new connection only costs a round trip. Redirects are not followed: the
        // Authorization header must not travel to a host the operator did not configure.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.customSsl()) {
            builder.sslContext(sslContext(settings.ssl()));
        }
        this.http = builder.build();
    }

    public HttpSchemaRegistryClient(URI baseUrl, HttpRegistrySettings settings) {
        this(List.of(baseUrl), settings);
    }

    @Override
    public int register(String subject, Schema schema) {
        ConcurrentMap<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + pathSegment(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id", "register under subject '" + subject + "'");
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        ConcurrentMap<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + pathSegment(subject), schemaBody(schema));
        int id = requiredInt(answer, "id", "look up schema under subject '" + subject + "'");
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        MissingId missing = missingIds.get(id);
        if (missing != null) {
            if (System.nanoTime() - missing.expiresAtNanos() < 0) {
                SchemaRegistryException e = missing.answer();
                throw new SchemaRegistryException(
                        e.getMessage() + " (remembered as unknown for up to "
                                + settings.missingIdCacheTtl().toSeconds() + " s)",
                        e.httpStatus(),
                        e.errorCode(),
                        e.url());
            }
            missingIds.remove(id, missing);
        }
        String path = "/schemas/ids/" + id;
        JsonNode answer;
        try {
            answer = send("GET", path, null);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound() && !settings.missingIdCacheTtl().isZero()) {
                missingIds.put(
                        id,
                        new MissingId(
                                System.nanoTime() + settings.missingIdCacheTtl().toNanos(), e));
            }
            throw e;
        }
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " is a " + type.asText() + " schema, not Avro",
                    200,
                    SchemaRegistryException.NO_ERROR_CODE,
                    baseUrls.get(0) + path);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(
                    "Answer for schema id " + id + " has no 'schema' string",
                    200,
                    SchemaRegistryException.NO_ERROR_CODE,
                    baseUrls.get(0) + path);
        }
        Schema schema;
        try {
            // A fresh parser per schema: a parser remembers named types and would reject a
            // second definition of the same record name.
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " is not valid Avro: " + e.getMessage(),
                    200,
                    SchemaRegistryException.NO_ERROR_CODE,
                    baseUrls.get(0) + path,
                    e);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /** The base URLs in the order they are tried. */
    public List<URI> baseUrls() {
        return baseUrls;
    }

    public HttpRegistrySettings settings() {
        return settings;
    }

    private JsonNode send(String method, String path, String body) {
        int attempts = settings.maxRetries() + 1;
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(settings.backoffBeforeRetry(attempt - 1), last);
            }
            for (URI base : baseUrls) {
                try {
                    return sendOnce(base, method, path, body, attempt, attempts);
                } catch (SchemaRegistryException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    last = e;
                }
            }
        }
        throw new SchemaRegistryException(
                last.getMessage() + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + " on "
                        + baseUrls + ")",
                last.httpStatus(),
                last.errorCode(),
                last.url(),
                last);
    }

    private JsonNode sendOnce(URI base, String method, String path, String body, int attempt, int attempts) {
        URI url = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorizationByBaseUrl.get(base).get().ifPresent(value -> request.header("Authorization", value));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String where = method + " " + url;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException(
                    "Schema registry request " + where + " timed out after "
                            + settings.requestTimeout().toMillis() + " ms (attempt " + attempt + " of " + attempts
                            + ")",
                    SchemaRegistryException.NO_STATUS,
                    SchemaRegistryException.NO_ERROR_CODE,
                    url.toString(),
                    e);
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Schema registry request " + where + " failed: " + e + " (attempt " + attempt + " of " + attempts
                            + ")",
                    SchemaRegistryException.NO_STATUS,
                    SchemaRegistryException.NO_ERROR_CODE,
                    url.toString(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    "Interrupted while waiting for " + where,
                    SchemaRegistryException.NO_STATUS,
                    SchemaRegistryException.NO_ERROR_CODE,
                    url.toString(),
                    e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new SchemaRegistryException(
                        "Schema registry answered " + where + " with invalid JSON: " + abbreviate(response.body()),
                        status,
                        SchemaRegistryException.NO_ERROR_CODE,
                        url.toString(),
                        e);
            }
        }
        if (status == 401 || status == 403) {
            throw new SchemaRegistryException(
                    "Schema registry at " + base + " refused RunLoad's credentials (HTTP " + status
                            + (status == 401 ? " Unauthorized" : " Forbidden") + ", authentication "
                            + settings.authenticationKind()
                            + "): check basic.auth.user.info, bearer.auth.token or the URL's user-info",
                    status,
                    SchemaRegistryException.NO_ERROR_CODE,
                    url.toString());
        }
        throw refusal(where, url, status, response.body());
    }

    private static SchemaRegistryException refusal(String where, URI url, int status, String body) {
        int errorCode = SchemaRegistryException.NO_ERROR_CODE;
        String message = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                if (error.hasNonNull("error_code")) {
                    errorCode = error.get("error_code").asInt();
                }
                if (error.hasNonNull("message")) {
                    message = error.get("message").asText();
                }
            }
        } catch (IOException notJson) {
            // Proxies answer with HTML or plain text; the abbreviated body is the best message.
        }
        return new SchemaRegistryException(
                "Schema registry refused " + where + ": HTTP " + status
                        + (errorCode != SchemaRegistryException.NO_ERROR_CODE ? " error_code " + errorCode : "")
                        + (message.isEmpty() ? "" : ": " + message),
                status,
                errorCode,
                url.toString());
    }

    private static void pause(Duration backoff, SchemaRegistryException cause) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    "Interrupted while backing off after: " + cause.getMessage(),
                    cause.httpStatus(),
                    cause.errorCode(),
                    cause.url(),
                    cause);
        }
    }

    private static String schemaBody(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JSON string", e);
        }
    }

    private int requiredInt(JsonNode answer, String field, String action) {
        JsonNode value = answer == null ? null : answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry answer to " + action + " has no integer '" + field + "': "
                            + abbreviate(String.valueOf(answer)),
                    200,
                    SchemaRegistryException.NO_ERROR_CODE,
                    baseUrls.toString());
        }
        return value.asInt();
    }

    private static Optional<String> basicAuthorization(URI url, HttpRegistrySettings settings) {
        Optional<String> userInfo = settings.userInfoFromUrl()
                ? Optional.ofNullable(url.getRawUserInfo()).map(u -> URLDecoder.decode(u, StandardCharsets.UTF_8))
                : settings.userInfo();
        return userInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    }

    private static Supplier<Optional<String>> bearerAuthorization(HttpRegistrySettings settings) {
        if (settings.bearerToken().isPresent()) {
            Optional<String> header =
                    Optional.of("Bearer " + settings.bearerToken().get());
            return () -> header;
        }
        if (settings.bearerTokenFile().isPresent()) {
            WatchedSecretFile<String> file =
                    tokenFile(settings.bearerTokenFile().get());
            return () -> Optional.of("Bearer " + file.value());
        }
        return Optional::empty;
    }

    /**
     * The SSL context for {@code schema.registry.ssl.*}: Kafka's own SSL engine factory reads the
     * keys, so trust and key stores work exactly as for the Kafka clients (JKS, PKCS12 or PEM, as
     * files or inline PEM text).
     */
    static SSLContext sslContext(Map<String, String> sslKeys) {
        ConfigDef definition = new ConfigDef();
        SslConfigs.addClientSslSupport(definition);
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        try {
            factory.configure(new AbstractConfig(definition, sslKeys, false).values());
            return factory.sslContext();
        } catch (org.apache.kafka.common.KafkaException e) {
            // Kafka's message names the store and the reason (wrong password, missing file) but
            // never the password itself.
            throw new ConfigException("Cannot set up TLS for the schema registry (" + HttpRegistrySettings.SSL_PREFIX
                    + "*): " + e.getMessage()
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
        }
    }

    /**
     * A bearer token kept in a file, looked at on every request (they are few: schemas are cached)
     * and read again when it changed. An empty file (a rotation that truncates before it writes)
     * keeps the last token until the new one lands.
     */
    private static WatchedSecretFile<String> tokenFile(Path path) {
        try {
            return new WatchedSecretFile<>(
                    "schema registry token file", path, Duration.ZERO, Clock.systemUTC(), text -> {
                        String token = text.strip();
                        if (token.isEmpty()) {
                            throw new IllegalArgumentException("the file is empty");
                        }
                        return token;
                    });
        } catch (UncheckedIOException e) {
            String reason = e.getCause() instanceof NoSuchFileException
                    ? "does not exist"
                    : "cannot be read: " + e.getCause().getMessage();
            throw new ConfigException(HttpRegistrySettings.BEARER_AUTH_TOKEN_FILE, path.toString(), reason);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(HttpRegistrySettings.BEARER_AUTH_TOKEN_FILE, path.toString(), "is empty");
        }
    }

    private record MissingId(long expiresAtNanos, SchemaRegistryException answer) {}

    private static URI withoutCredentialsAndTrailingSlash(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(
                    "schema registry URL must be http(s): " + RegistryUrl.redact(url.toString()));
        }
        String s = url.toString();
        // Credentials stay out of request URLs (and so out of error messages); they travel in the
        // Authorization header.
        if (url.getRawUserInfo() != null) {
            s = s.replace(url.getRawUserInfo() + "@", "");
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    private static String pathSegment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + baseUrls;
    }
}
