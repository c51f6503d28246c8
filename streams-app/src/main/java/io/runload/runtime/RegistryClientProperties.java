package io.runload.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * The schema-registry client's keys (Confluent's names with the {@code schema.registry.} prefix,
 * e.g. {@code schema.registry.basic.auth.user.info}), as given to
 * {@code SchemaRegistryClients.create}. It holds secrets, so it prints only its key names.
 */
public record RegistryClientProperties(Map<String, String> values) {

    public RegistryClientProperties {
        values = Map.copyOf(values);
    }

    public static RegistryClientProperties none() {
        return new RegistryClientProperties(Map.of());
    }

    /** The client configuration: these keys plus {@code schema.registry.url}. */
    public Map<String, Object> clientConfig(String url) {
        Map<String, Object> config = new TreeMap<>(values);
        config.put("schema.registry.url", url);
        return config;
    }

    @Override
    public String toString() {
        return "RegistryClientProperties" + new TreeMap<>(values).keySet();
    }
}
