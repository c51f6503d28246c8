package io.runload.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client properties shared by every client RunLoad builds: Kafka Streams, the Admin client
 * that creates topics, and the producers and consumers of {@code import}, {@code replay-dlq} and the
 * simulator. This is where TLS and SASL settings live (see {@code RunLoadConfig}'s {@code KAFKA_*}
 * settings and its {@code kafka.*} properties-file keys).
 *
 * <p>Each client puts its own settings first (acks, isolation level, batching), then these on top,
 * then its bootstrap servers: a property set here wins over RunLoad's per-client choice.
 *
 * <p>{@link #toString()} hides secret values, so the settings can be logged.
 */
public record KafkaClientSettings(Map<String, String> properties) {

    /** No shared properties: plaintext and RunLoad's own per-client settings only. */
    public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

    private static final Pattern JAAS_OPTION = Pattern.compile("(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    public KafkaClientSettings {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The client configuration: the client's own settings, these properties on top, then the bootstrap servers. */
    public Map<String, Object> forClient(String bootstrapServers, Map<String, ?> own) {
        Map<String, Object> config = new LinkedHashMap<>(own);
        config.putAll(properties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** An Admin client's configuration. */
    public Map<String, Object> forAdmin(String bootstrapServers) {
        return forClient(bootstrapServers, Map.of());
    }

    /** Adds these properties to a Kafka Streams configuration (top level, so every internal client gets them). */
    public void applyTo(Properties streams) {
        streams.putAll(properties);
    }

    public String securityProtocol() {
        return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    public Optional<String> saslMechanism() {
        return Optional.ofNullable(properties.get("sasl.mechanism"));
    }

    /** The SASL user: the JAAS configuration's username (or clientId), or the OAUTHBEARER client id, if any. */
    public Optional<String> saslUser() {
        Map<String, String> options = jaasOptions();
        return Optional.ofNullable(options.getOrDefault(
                "username",
                options.getOrDefault("clientId", properties.get("sasl.oauthbearer.client.credentials.client.id"))));
    }

    /** Every secret value in these properties (whole values, and the passwords inside a JAAS configuration). */
    public List<String> secretValues() {
        List<String> secrets = new ArrayList<>();
        properties.forEach((k, v) -> {
            if (SecretRedaction.isSecret(k)) {
                secrets.add(v);
            }
        });
        jaasOptions().forEach((option, value) -> {
            if (SecretRedaction.isSecret(option) || option.equalsIgnoreCase("clientSecret")) {
                secrets.add(value);
            }
        });
        return secrets;
    }

    /** How these clients connect, for log lines and errors, e.g. {@code SASL_SSL, SCRAM-SHA-512 user 'runload'}. */
    public String describeSecurity() {
        StringBuilder s = new StringBuilder(securityProtocol());
        saslMechanism().ifPresent(m -> s.append(", ").append(m));
        saslUser().ifPresent(u -> s.append(" user '").append(u).append('\''));
        if (properties.containsKey("ssl.keystore.location") || properties.containsKey("ssl.keystore.key")) {
            s.append(", TLS client certificate");
        }
        return s.toString();
    }

    private Map<String, String> jaasOptions() {
        String jaas = properties.get("sasl.jaas.config");
        Map<String, String> options = new LinkedHashMap<>();
        if (jaas != null) {
            Matcher m = JAAS_OPTION.matcher(jaas);
            while (m.find()) {
                options.put(m.group(1), m.group(2).replaceAll("\\\\(.)", "$1"));
            }
        }
        return options;
    }

    @Override
    public String toString() {
        return SecretRedaction.redact(properties).toString();
    }
}
