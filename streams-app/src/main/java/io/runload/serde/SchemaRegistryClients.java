package io.runload.serde;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Chooses the registry client for a {@code schema.registry.url}. */
public final class SchemaRegistryClients {

    /** URL scheme of the in-memory registry: {@code mock://<scope>}. */
    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistryClients() {}

    /** The client for {@code url} with default HTTP settings (timeouts, retries, no credentials). */
    public static SchemaRegistryClient forUrl(String url) {
        return create(url, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url));
    }

    /**
     * {@code mock://scope} gives the {@link InMemorySchemaRegistry} shared by that scope;
     * {@code http(s)://...}, or a comma-separated list of them tried in order, gives an
     * {@link HttpSchemaRegistryClient} configured from {@code config} (see
     * {@link HttpRegistrySettings} for the keys).
     */
    public static SchemaRegistryClient create(String url, Map<String, ?> config) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, "a schema registry URL is required");
        }
        String trimmed = url.trim();
        if (trimmed.regionMatches(true, 0, MOCK_SCHEME, 0, MOCK_SCHEME.length())) {
            String scope = trimmed.substring(MOCK_SCHEME.length());
            if (scope.isEmpty() || scope.contains(",")) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        url,
                        "a mock registry URL names exactly one scope: mock://<scope>");
            }
            return InMemorySchemaRegistry.forScope(scope);
        }
        List<URI> urls = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            String candidate = part.trim();
            if (candidate.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(candidate);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        RegistryUrl.redact(candidate),
                        "not a URL: " + RegistryUrl.redact(e.getMessage()));
            }
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        RegistryUrl.redact(candidate),
                        "expected http://host:port, https://host:port or mock://scope");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, RegistryUrl.redact(url), "no URL given");
        }
        return new HttpSchemaRegistryClient(urls, HttpRegistrySettings.fromConfig(config));
    }
}
