package io.runload.serde;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Timeouts, retries and credentials of {@link HttpSchemaRegistryClient}.
 *
 * <p>Configuration keys, named as in Confluent's client so that existing configuration carries
 * over (each may also be given with a {@code schema.registry.} prefix):
 * <ul>
 *   <li>{@code http.connect.timeout.ms} (default 5000): TCP/TLS connect timeout;</li>
 *   <li>{@code http.read.timeout.ms} (default 10000): per-request timeout, until the response
 *       headers arrive;</li>
 *   <li>{@code max.retries} (default 3): retries after the first attempt, for I/O errors, timeouts
 *       and 5xx answers. A 4xx answer is never retried;</li>
 *   <li>{@code retries.wait.ms} (default 100): backoff before the first retry, doubled for each
 *       further retry;</li>
 *   <li>{@code retries.max.wait.ms} (default 2000): cap on one backoff;</li>
 *   <li>{@code basic.auth.user.info} ({@code user:password}): HTTP basic credentials, as managed
 *       registries require. {@code basic.auth.credentials.source} may be absent or
 *       {@code USER_INFO}; {@code URL} takes the credentials from the URL's user-info part.</li>
 *   <li>{@code bearer.auth.token}: a static bearer token ({@code bearer.auth.credentials.source}
 *       may be absent or {@code STATIC_TOKEN}); or {@code bearer.auth.token.file}: a file holding
 *       the token, read again whenever its modification time changes, so that a token rotated by
 *       a sidecar or a Kubernetes Secret is picked up without a restart. Bearer and basic
 *       authentication exclude each other;</li>
 *   <li>{@code schema.registry.ssl.*} (only with the prefix, as in Confluent's client, so that a
 *       Kafka {@code ssl.*} key in the same map is not mistaken for one): the Kafka client's SSL
 *       keys for the registry's HTTPS connections, e.g. {@code ssl.truststore.location},
 *       {@code ssl.truststore.type} (JKS, PKCS12 or PEM), {@code ssl.truststore.password},
 *       {@code ssl.truststore.certificates} (PEM text), {@code ssl.keystore.location},
 *       {@code ssl.keystore.type}, {@code ssl.keystore.password}, {@code ssl.key.password},
 *       {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key} (PEM text);</li>
 *   <li>{@code missing.id.cache.ttl.sec} (default 30): how long a schema id the registry does not
 *       know is remembered as unknown, so that a flood of records carrying it costs one request
 *       per period rather than one per record. 0 disables this cache.</li>
 * </ul>
 * Defaults are shorter than Confluent's 60 s because a stream thread blocked on the registry
 * stops processing its partitions; the retries make up for short timeouts.
 */
public record HttpRegistrySettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Optional<String> userInfo,
        boolean userInfoFromUrl,
        Optional<String> bearerToken,
        Optional<Path> bearerTokenFile,
        Map<String, String> ssl,
        Duration missingIdCacheTtl) {

    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retries.wait.ms";
    public static final String MAX_RETRY_BACKOFF_MS = "retries.max.wait.ms";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String BEARER_AUTH_TOKEN_FILE = "bearer.auth.token.file";
    public static final String MISSING_ID_CACHE_TTL_SEC = "missing.id.cache.ttl.sec";
    /** Prefix of the SSL keys; only the prefixed form is read. */
    public static final String SSL_PREFIX = "schema.registry.ssl.";

    private static final String PREFIX = "schema.registry.";

    public HttpRegistrySettings {
        requirePositive(connectTimeout, CONNECT_TIMEOUT_MS);
        requirePositive(requestTimeout, REQUEST_TIMEOUT_MS);
        if (maxRetries < 0) {
            throw new ConfigException(MAX_RETRIES, maxRetries, "must be >= 0");
        }
        Objects.requireNonNull(retryBackoff, RETRY_BACKOFF_MS);
        Objects.requireNonNull(maxRetryBackoff, MAX_RETRY_BACKOFF_MS);
        if (retryBackoff.isNegative() || maxRetryBackoff.isNegative()) {
            throw new ConfigException(RETRY_BACKOFF_MS, retryBackoff, "backoffs must be >= 0");
        }
        Objects.requireNonNull(userInfo, "userInfo");
        userInfo.ifPresent(HttpRegistrySettings::requireUserAndPassword);
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(bearerTokenFile, "bearerTokenFile");
        if (bearerToken.isPresent() && bearerTokenFile.isPresent()) {
            throw new ConfigException(
                    BEARER_AUTH_TOKEN,
                    "(hidden)",
                    "give either " + BEARER_AUTH_TOKEN + " or " + BEARER_AUTH_TOKEN_FILE + ", not both");
        }
        if ((bearerToken.isPresent() || bearerTokenFile.isPresent()) && (userInfo.isPresent() || userInfoFromUrl)) {
            throw new ConfigException(
                    BEARER_AUTH_TOKEN, "(hidden)", "bearer and basic authentication exclude each other");
        }
        bearerToken.ifPresent(t -> {
            if (t.isBlank() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new ConfigException(BEARER_AUTH_TOKEN, "(hidden)", "must be printable ASCII without spaces");
            }
        });
        ssl = Map.copyOf(Objects.requireNonNull(ssl, "ssl"));
        Objects.requireNonNull(missingIdCacheTtl, MISSING_ID_CACHE_TTL_SEC);
        if (missingIdCacheTtl.isNegative()) {
            throw new ConfigException(MISSING_ID_CACHE_TTL_SEC, missingIdCacheTtl.toSeconds(), "must be >= 0");
        }
    }

    /** True when HTTPS connections need a trust or key store of their own, not the JVM's default. */
    public boolean customSsl() {
        return !ssl.isEmpty();
    }

    /** The documented defaults, without credentials. */
    public static HttpRegistrySettings defaults() {
        return new HttpRegistrySettings(
                Duration.ofMillis(5_000),
                Duration.ofMillis(10_000),
                3,
                Duration.ofMillis(100),
                Duration.ofMillis(2_000),
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Duration.ofSeconds(30));
    }

    /** Reads the keys documented on this class; absent keys keep their defaults. */
    public static HttpRegistrySettings fromConfig(Map<String, ?> config) {
        HttpRegistrySettings d = defaults();
        String source = string(config, BASIC_AUTH_CREDENTIALS_SOURCE);
        boolean fromUrl = false;
        if (source != null) {
            switch (source.trim().toUpperCase(Locale.ROOT)) {
                case "USER_INFO" -> fromUrl = false;
                case "URL" -> fromUrl = true;
                default ->
                    throw new ConfigException(
                            BASIC_AUTH_CREDENTIALS_SOURCE, source, "only USER_INFO and URL are supported");
            }
        }
        String bearerSource = string(config, BEARER_AUTH_CREDENTIALS_SOURCE);
        if (bearerSource != null
                && !bearerSource.isBlank()
                && !bearerSource.trim().equalsIgnoreCase("STATIC_TOKEN")) {
            throw new ConfigException(
                    BEARER_AUTH_CREDENTIALS_SOURCE,
                    bearerSource,
                    "only STATIC_TOKEN is supported (use " + BEARER_AUTH_TOKEN_FILE + " for a token that rotates)");
        }
        Map<String, String> ssl = new TreeMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(SSL_PREFIX) && value != null) {
                ssl.put(
                        key.substring("schema.registry.".length()),
                        value instanceof org.apache.kafka.common.config.types.Password p
                                ? p.value()
                                : value.toString());
            }
        });
        return new HttpRegistrySettings(
                millis(config, CONNECT_TIMEOUT_MS, d.connectTimeout()),
                millis(config, REQUEST_TIMEOUT_MS, d.requestTimeout()),
                (int) number(config, MAX_RETRIES, d.maxRetries()),
                millis(config, RETRY_BACKOFF_MS, d.retryBackoff()),
                millis(config, MAX_RETRY_BACKOFF_MS, d.maxRetryBackoff()),
                fromUrl ? Optional.empty() : nonBlank(string(config, BASIC_AUTH_USER_INFO)),
                fromUrl,
                nonBlank(string(config, BEARER_AUTH_TOKEN)).map(String::strip),
                nonBlank(string(config, BEARER_AUTH_TOKEN_FILE)).map(Path::of),
                ssl,
                Duration.ofSeconds(number(
                        config, MISSING_ID_CACHE_TTL_SEC, d.missingIdCacheTtl().toSeconds())));
    }

    /** Same settings with other timeouts; handy for programmatic use and tests. */
    public HttpRegistrySettings withTimeouts(Duration connect, Duration request) {
        return new HttpRegistrySettings(
                connect,
                request,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                userInfo,
                userInfoFromUrl,
                bearerToken,
                bearerTokenFile,
                ssl,
                missingIdCacheTtl);
    }

    /** Same settings with another retry policy. */
    public HttpRegistrySettings withRetries(int retries, Duration backoff, Duration maxBackoff) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                retries,
                backoff,
                maxBackoff,
                userInfo,
                userInfoFromUrl,
                bearerToken,
                bearerTokenFile,
                ssl,
                missingIdCacheTtl);
    }

    /** Same settings with basic-auth credentials ({@code user:password}). */
    public HttpRegistrySettings withUserInfo(String userAndPassword) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                Optional.of(userAndPassword),
                false,
                Optional.empty(),
                Optional.empty(),
                ssl,
                missingIdCacheTtl);
    }

    /** Same settings with a static bearer token instead of basic credentials. */
    public HttpRegistrySettings withBearerToken(String token) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                Optional.empty(),
                false,
                Optional.of(token),
                Optional.empty(),
                ssl,
                missingIdCacheTtl);
    }

    /** Same settings with a bearer token read from {@code file} (and re-read when it changes). */
    public HttpRegistrySettings withBearerTokenFile(Path file) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                Optional.empty(),
                false,
                Optional.empty(),
                Optional.of(file),
                ssl,
                missingIdCacheTtl);
    }

    /** Same settings with other SSL keys (without the {@code schema.registry.} prefix). */
    public HttpRegistrySettings withSsl(Map<String, String> sslKeys) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                userInfo,
                userInfoFromUrl,
                bearerToken,
                bearerTokenFile,
                sslKeys,
                missingIdCacheTtl);
    }

    /** Same settings with another time-to-live for unknown schema ids. */
    public HttpRegistrySettings withMissingIdCacheTtl(Duration ttl) {
        return new HttpRegistrySettings(
                connectTimeout,
                requestTimeout,
                maxRetries,
                retryBackoff,
                maxRetryBackoff,
                userInfo,
                userInfoFromUrl,
                bearerToken,
                bearerTokenFile,
                ssl,
                ttl);
    }

    /** How requests authenticate, for log lines: never the credentials themselves. */
    public String authenticationKind() {
        if (userInfo.isPresent()) {
            return "basic (USER_INFO)";
        }
        if (userInfoFromUrl) {
            return "basic (URL)";
        }
        if (bearerToken.isPresent()) {
            return "bearer (static token)";
        }
        return bearerTokenFile.map(f -> "bearer (token file " + f + ")").orElse("none");
    }

    /**
     * Backoff before retry number {@code retry} (1-based): {@code retryBackoff * 2^(retry-1)},
     * capped at {@code maxRetryBackoff}.
     */
    public Duration backoffBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1: " + retry);
        }
        long base = retryBackoff.toMillis();
        int shift = Math.min(retry - 1, 30);
        long millis = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Duration.ofMillis(Math.min(millis, maxRetryBackoff.toMillis()));
    }

    @Override
    public String toString() {
        // Never print the password: settings end up in logs.
        return "HttpRegistrySettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff + ", maxRetryBackoff="
                + maxRetryBackoff + ", auth=" + authenticationKind() + ", sslKeys=" + ssl.keySet()
                + ", missingIdCacheTtl=" + missingIdCacheTtl + "]";
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ConfigException(key, d, "must be a positive duration");
        }
    }

    private static void requireUserAndPassword(String userInfo) {
        if (userInfo.indexOf(':') < 0) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, "(hidden)", "must have the form user:password");
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static Object value(Map<String, ?> config, String key) {
        Object v = config.get(key);
        return v != null ? v : config.get(PREFIX + key);
    }

    private static String string(Map<String, ?> config, String key) {
        Object v = value(config, key);
        if (v == null) {
            return null;
        }
        if (v instanceof org.apache.kafka.common.config.types.Password p) {
            return p.value();
        }
        return v.toString();
    }

    private static long number(Map<String, ?> config, String key, long fallback) {
        Object v = value(config, key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "must be a whole number");
        }
    }

    private static Duration millis(Map<String, ?> config, String key, Duration fallback) {
        return Duration.ofMillis(number(config, key, fallback.toMillis()));
    }
}
