package io.runload.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys of the Avro serde, named as in Confluent's serde so that existing Kafka and
 * Kafka Streams configuration works unchanged:
 * <ul>
 *   <li>{@code schema.registry.url}: {@code mock://scope}, or one or more comma-separated
 *       {@code http(s)://} URLs tried in order;</li>
 *   <li>{@code auto.register.schemas} (default {@code true}): register the writer schema under the
 *       subject; with {@code false} the schema must already be registered and is only looked up;</li>
 *   <li>{@code specific.avro.reader} (default {@code true}): this serde always returns specific
 *       records, so {@code false} is rejected rather than silently ignored;</li>
 *   <li>{@code specific.avro.key.type} / {@code specific.avro.value.type}: the record class (or its
 *       name) to read into, for serdes created by reflection. Without it the class is found from the
 *       writer schema's full name;</li>
 *   <li>the HTTP client's timeout, retry and basic-auth keys, documented on
 *       {@link HttpRegistrySettings}.</li>
 * </ul>
 * The subject follows Confluent's TopicNameStrategy: {@code <topic>-value} or {@code <topic>-key}.
 */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    private AvroSerdeConfig() {}

    /** TopicNameStrategy: the subject a topic's keys or values are registered under. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    static SchemaRegistryClient registry(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new ConfigException("Missing required configuration '" + SCHEMA_REGISTRY_URL
                    + "' for the Avro serde (use mock://<scope> for an in-memory registry)");
        }
        String urls = url instanceof java.util.List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : url.toString();
        return SchemaRegistryClients.create(urls, configs);
    }

    static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    static void requireSpecificReader(Map<String, ?> configs) {
        if (!bool(configs, SPECIFIC_AVRO_READER, true)) {
            throw new ConfigException(
                    SPECIFIC_AVRO_READER,
                    false,
                    "this serde only produces specific records; generic records are not supported");
        }
    }

    /** The configured record class, or null when none is configured. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> Class<T> recordType(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE;
        Object value = configs.get(key);
        if (value == null) {
            return null;
        }
        Class<?> type;
        if (value instanceof Class<?> c) {
            type = c;
        } else {
            try {
                type = Class.forName(
                        value.toString().trim(),
                        true,
                        Thread.currentThread().getContextClassLoader() != null
                                ? Thread.currentThread().getContextClassLoader()
                                : AvroSerdeConfig.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "class not found");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not an Avro specific record class");
        }
        return (Class<T>) type;
    }
}
