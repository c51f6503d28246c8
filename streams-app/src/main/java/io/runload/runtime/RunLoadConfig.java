package io.runload.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every RunLoad setting, typed, read once at start-up.
 *
 * <p>Each setting has an environment variable (e.g. {@code RUNLOAD_HTTP_PORT}) and a properties key
 * (e.g. {@code runload.http.port}). The environment wins over the optional properties file named by
 * {@code RUNLOAD_CONFIG_FILE}, which wins over the documented default. A malformed value fails
 * start-up with a {@link ConfigException} whose one-line message names the setting.
 */
public record RunLoadConfig(
        Optional<String> bootstrapServers,
        String schemaRegistryUrl,
        boolean autoRegisterSchemas,
        String applicationId,
        String topicPrefix,
        int topicPartitions,
        short topicReplication,
        String httpHost,
        int httpPort,
        int embeddedKafkaPort,
        Path dataDir,
        Path stateDir,
        String processingGuarantee,
        int numStreamThreads,
        int numStandbyReplicas,
        Optional<String> groupInstanceId,
        Optional<String> applicationServer,
        long commitIntervalMs,
        long maxTaskIdleMs,
        long cacheMaxBytes,
        long rocksDbBlockCacheBytes,
        long rocksDbWriteBufferBytes,
        Duration lateGrace,
        Duration hrRetention,
        Duration runHeartRateWait,
        Duration lateHeartRateWatch,
        int maxRecordBytes,
        int registryStartupAttempts,
        Duration registryStartupBackoff,
        boolean simulatorEnabled,
        int simulatorAthletes,
        long simulatorSeed,
        Map<String, String> extraStreamsProperties,
        RegistryClientProperties registryClient,
        String embeddedRegistryHost,
        int embeddedRegistryPort,
        boolean simulatorResume) {

    /** One documented setting: its environment variable, properties key, default and meaning. */
    public record Setting(String env, String key, String defaultValue, String doc) {}

    public static final Setting BOOTSTRAP = new Setting("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", "",
            "Kafka bootstrap servers. Empty starts the embedded mode: in-process broker, in-memory registry and demo simulator.");
    public static final Setting REGISTRY = new Setting("SCHEMA_REGISTRY_URL", "schema.registry.url", "mock://runload",
            "Confluent-compatible schema registry URL(s); mock://scope is an in-process registry. Required with KAFKA_BOOTSTRAP_SERVERS.");
    public static final Setting AUTO_REGISTER = new Setting("RUNLOAD_AUTO_REGISTER_SCHEMAS", "auto.register.schemas", "true",
            "Register output schemas under <topic>-value when missing.");
    public static final Setting APP_ID = new Setting("RUNLOAD_APPLICATION_ID", "runload.application.id", "runload",
            "Kafka Streams application.id: consumer group, and prefix of internal topics.");
    public static final Setting TOPIC_PREFIX = new Setting("RUNLOAD_TOPIC_PREFIX", "runload.topic.prefix", "runload.",
            "Prefix of every RunLoad topic name.");
    public static final Setting PARTITIONS = new Setting("RUNLOAD_TOPIC_PARTITIONS", "runload.topic.partitions", "4",
            "Partitions of topics RunLoad creates when they are missing (all inputs must share one count).");
    public static final Setting REPLICATION = new Setting("RUNLOAD_TOPIC_REPLICATION", "runload.topic.replication", "1",
            "Replication factor of topics RunLoad creates (and of its internal topics). Use 3 in production.");
    public static final Setting HTTP_HOST = new Setting("RUNLOAD_HTTP_HOST", "runload.http.host", "0.0.0.0",
            "Address the HTTP server binds.");
    public static final Setting HTTP_PORT = new Setting("RUNLOAD_HTTP_PORT", "runload.http.port", "8080",
            "Port of the HTTP server (/metrics, /health, API, dashboard). 0 picks a free port.");
    public static final Setting EMBEDDED_PORT = new Setting("RUNLOAD_EMBEDDED_KAFKA_PORT", "runload.embedded.kafka.port", "9092",
            "Port of the embedded broker (embedded mode only). 0 picks a free port.");
    public static final Setting DATA_DIR = new Setting("RUNLOAD_DATA_DIR", "runload.data.dir", "runload-data",
            "Directory for the embedded broker's log (embedded mode only).");
    public static final Setting STATE_DIR = new Setting("RUNLOAD_STATE_DIR", "runload.state.dir", "",
            "Kafka Streams state directory. Default: <data dir>/state.");
    public static final Setting GUARANTEE = new Setting("RUNLOAD_PROCESSING_GUARANTEE", "processing.guarantee", "exactly_once_v2",
            "exactly_once_v2 or at_least_once.");
    public static final Setting THREADS = new Setting("RUNLOAD_NUM_STREAM_THREADS", "num.stream.threads", "1",
            "Stream threads per instance.");
    public static final Setting STANDBYS = new Setting("RUNLOAD_NUM_STANDBY_REPLICAS", "num.standby.replicas", "0",
            "Warm standby copies of each state store on other instances.");
    public static final Setting INSTANCE_ID = new Setting("RUNLOAD_GROUP_INSTANCE_ID", "group.instance.id", "",
            "Static membership id (e.g. the pod name); empty disables static membership.");
    public static final Setting APP_SERVER = new Setting("RUNLOAD_APPLICATION_SERVER", "application.server", "",
            "host:port other instances use to reach this one's HTTP API (interactive-query routing).");
    public static final Setting COMMIT_MS = new Setting("RUNLOAD_COMMIT_INTERVAL_MS", "commit.interval.ms", "100",
            "Commit (and, under exactly-once, transaction) interval in milliseconds.");
    public static final Setting MAX_TASK_IDLE = new Setting("RUNLOAD_MAX_TASK_IDLE_MS", "max.task.idle.ms", "-1",
            "Kafka Streams max.task.idle.ms: how long a task waits for an empty input partition before processing the others. "
                    + "-1 never waits: RunLoad does not depend on the order between its three inputs (runs wait for their heart rate "
                    + "and first profile themselves), and any other value costs a formatted log line per record in Kafka Streams 4.4.");
    public static final Setting CACHE_BYTES = new Setting("RUNLOAD_CACHE_MAX_BYTES", "statestore.cache.max.bytes", "67108864",
            "Record cache across all stream threads, in bytes.");
    public static final Setting BLOCK_CACHE = new Setting("RUNLOAD_ROCKSDB_BLOCK_CACHE_BYTES", "runload.rocksdb.block.cache.bytes", "134217728",
            "RocksDB block cache shared by every store of the instance, in bytes.");
    public static final Setting WRITE_BUFFER = new Setting("RUNLOAD_ROCKSDB_WRITE_BUFFER_BYTES", "runload.rocksdb.write.buffer.bytes", "67108864",
            "RocksDB memtable budget shared by every store of the instance, in bytes (counted against the block cache).");
    public static final Setting LATE_GRACE = new Setting("RUNLOAD_LATE_GRACE", "runload.late.grace", "P7D",
            "How late (event time, per athlete) a run or sample may arrive and still correct results; older goes to the DLQ as 'late'. ISO-8601 duration.");
    public static final Setting HR_RETENTION = new Setting("RUNLOAD_HR_RETENTION", "runload.hr.retention", "PT36H",
            "How long a run's heart-rate accumulation is kept after its last sample, waiting for the run event. ISO-8601 duration.");
    public static final Setting RUN_HR_WAIT = new Setting("RUNLOAD_RUN_HR_WAIT", "runload.run.hr.wait", "PT10S",
            "How long (wall clock) a run event waits for heart-rate samples that have not reached its end yet, or for a new athlete's first profile. ISO-8601 duration; PT0S disables waiting.");
    public static final Setting LATE_HR_WATCH = new Setting("RUNLOAD_LATE_HR_WATCH", "runload.late.hr.watch", "PT1H",
            "How long (wall clock) a run summarised without all of its heart rate is watched for samples synced later, which then correct its summary and load. ISO-8601 duration; PT0S disables it (re-sending the run event also recomputes it).");
    public static final Setting MAX_RECORD = new Setting("RUNLOAD_MAX_RECORD_BYTES", "runload.max.record.bytes", "262144",
            "Input values larger than this go to the DLQ as 'oversized'.");
    public static final Setting REGISTRY_ATTEMPTS = new Setting("RUNLOAD_REGISTRY_STARTUP_ATTEMPTS", "runload.registry.startup.attempts", "6",
            "Attempts to reach the schema registry at start-up before failing with an error.");
    public static final Setting REGISTRY_BACKOFF = new Setting("RUNLOAD_REGISTRY_STARTUP_BACKOFF", "runload.registry.startup.backoff", "PT1S",
            "Wait before the second registry attempt at start-up, doubled for each further one. ISO-8601 duration.");
    public static final Setting SIM_ENABLED = new Setting("RUNLOAD_SIMULATOR_ENABLED", "runload.simulator.enabled", "",
            "Run the demo simulator. Default: on in embedded mode, off otherwise.");
    public static final Setting SIM_ATHLETES = new Setting("RUNLOAD_SIMULATOR_ATHLETES", "runload.simulator.athletes", "12",
            "Number of simulated athletes (sim-0001 ...).");
    public static final Setting SIM_SEED = new Setting("RUNLOAD_SIMULATOR_SEED", "runload.simulator.seed", "42",
            "Random seed of the simulator.");
    public static final Setting REGISTRY_BASIC_AUTH_SOURCE = new Setting("SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE",
            "schema.registry.basic.auth.credentials.source", "USER_INFO",
            "Where registry basic-auth credentials come from: USER_INFO (SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO) or URL (user:password@ in SCHEMA_REGISTRY_URL, never printed).");
    public static final Setting REGISTRY_USER_INFO = new Setting("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
            "schema.registry.basic.auth.user.info", "",
            "Registry basic-auth credentials, user:password. Secret: SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE names a file holding it.");
    public static final Setting REGISTRY_BEARER_TOKEN = new Setting("SCHEMA_REGISTRY_BEARER_AUTH_TOKEN",
            "schema.registry.bearer.auth.token", "",
            "Static bearer token for the registry (excludes basic auth). Secret.");
    public static final Setting REGISTRY_BEARER_TOKEN_FILE = new Setting("SCHEMA_REGISTRY_BEARER_AUTH_TOKEN_FILE",
            "schema.registry.bearer.auth.token.file", "",
            "File holding the registry bearer token; read again whenever the file changes, so rotated tokens need no restart.");
    public static final Setting REGISTRY_TRUSTSTORE = new Setting("SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION",
            "schema.registry.ssl.truststore.location", "",
            "Trust store for an https registry (CA certificates); empty uses the JVM's default trust.");
    public static final Setting REGISTRY_TRUSTSTORE_TYPE = new Setting("SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE",
            "schema.registry.ssl.truststore.type", "",
            "JKS, PKCS12 or PEM (default JKS, as in Kafka).");
    public static final Setting REGISTRY_TRUSTSTORE_PASSWORD = new Setting("SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD",
            "schema.registry.ssl.truststore.password", "",
            "Trust store password (not needed for PEM). Secret: ..._PASSWORD_FILE names a file holding it.");
    public static final Setting REGISTRY_KEYSTORE = new Setting("SCHEMA_REGISTRY_SSL_KEYSTORE_LOCATION",
            "schema.registry.ssl.keystore.location", "",
            "Key store with the client certificate, for a registry that requires mutual TLS.");
    public static final Setting REGISTRY_KEYSTORE_TYPE = new Setting("SCHEMA_REGISTRY_SSL_KEYSTORE_TYPE",
            "schema.registry.ssl.keystore.type", "",
            "JKS, PKCS12 or PEM (a PEM file with the private key and certificate chain).");
    public static final Setting REGISTRY_KEYSTORE_PASSWORD = new Setting("SCHEMA_REGISTRY_SSL_KEYSTORE_PASSWORD",
            "schema.registry.ssl.keystore.password", "",
            "Key store password. Secret: ..._PASSWORD_FILE names a file holding it.");
    public static final Setting REGISTRY_KEY_PASSWORD = new Setting("SCHEMA_REGISTRY_SSL_KEY_PASSWORD",
            "schema.registry.ssl.key.password", "",
            "Password of the private key (of an encrypted PEM key, or a JKS key with its own password). Secret: ..._PASSWORD_FILE.");
    public static final Setting REGISTRY_MISSING_ID_TTL = new Setting("SCHEMA_REGISTRY_MISSING_ID_CACHE_TTL_SEC",
            "schema.registry.missing.id.cache.ttl.sec", "30",
            "Seconds a schema id the registry does not know is remembered as unknown (records carrying it go to the DLQ without a request each). 0 disables.");
    public static final Setting EMBEDDED_REGISTRY_HOST = new Setting("RUNLOAD_EMBEDDED_REGISTRY_HOST", "runload.embedded.registry.host",
            "127.0.0.1", "Address the embedded schema registry's REST API binds (embedded mode only); 0.0.0.0 exposes it to the network.");
    public static final Setting EMBEDDED_REGISTRY_PORT = new Setting("RUNLOAD_EMBEDDED_REGISTRY_PORT", "runload.embedded.registry.port",
            "8081", "Port of the embedded schema registry's Confluent REST API (embedded mode only). 0 picks a free port; -1 serves no REST API.");
    public static final Setting SIM_RESUME = new Setting("RUNLOAD_SIMULATOR_RESUME", "runload.simulator.resume", "true",
            "Continue the demo simulation where it stopped, from the position kept in the data directory. false replays the history again "
                    + "(use it only with an empty data directory: the replay is late for the state already there).");
    public static final Setting CONFIG_FILE = new Setting("RUNLOAD_CONFIG_FILE", "", "",
            "Optional properties file with any of the keys above; keys starting with 'streams.' pass through to Kafka Streams.");

    public static List<Setting> settings() {
        return List.of(BOOTSTRAP, REGISTRY, AUTO_REGISTER, APP_ID, TOPIC_PREFIX, PARTITIONS, REPLICATION, HTTP_HOST, HTTP_PORT,
                EMBEDDED_PORT, DATA_DIR, STATE_DIR, GUARANTEE, THREADS, STANDBYS, INSTANCE_ID, APP_SERVER, COMMIT_MS, MAX_TASK_IDLE,
                CACHE_BYTES, BLOCK_CACHE, WRITE_BUFFER, LATE_GRACE, HR_RETENTION, RUN_HR_WAIT, LATE_HR_WATCH, MAX_RECORD, REGISTRY_ATTEMPTS,
                REGISTRY_BACKOFF, SIM_ENABLED, SIM_ATHLETES, SIM_SEED, REGISTRY_BASIC_AUTH_SOURCE, REGISTRY_USER_INFO,
                REGISTRY_BEARER_TOKEN, REGISTRY_BEARER_TOKEN_FILE, REGISTRY_TRUSTSTORE, REGISTRY_TRUSTSTORE_TYPE, REGISTRY_TRUSTSTORE_PASSWORD,
                REGISTRY_KEYSTORE, REGISTRY_KEYSTORE_TYPE, REGISTRY_KEYSTORE_PASSWORD, REGISTRY_KEY_PASSWORD, REGISTRY_MISSING_ID_TTL,
                EMBEDDED_REGISTRY_HOST, EMBEDDED_REGISTRY_PORT, SIM_RESUME, CONFIG_FILE);
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** The schema-registry client's configuration: the URL and every {@code schema.registry.*} key. */
    public Map<String, Object> registryClientConfig() {
        return registryClient.clientConfig(schemaRegistryUrl);
    }

    public TopicNames topics() {
        return new TopicNames(topicPrefix);
    }

    /** Reads the process environment and the optional properties file it names. */
    public static RunLoadConfig fromEnvironment() {
        return load(System.getenv(), new Properties());
    }

    /**
     * Reads settings from an environment map and explicit overrides (used by the CLI and tests).
     * Overrides use the properties keys and win over everything else.
     */
    public static RunLoadConfig load(Map<String, String> env, Properties overrides) {
        Properties file = new Properties();
        String fileName = env.getOrDefault(CONFIG_FILE.env(), overrides.getProperty("runload.config.file", ""));
        if (!fileName.isBlank()) {
            Path path = Path.of(fileName);
            try (Reader reader = Files.newBufferedReader(path)) {
                file.load(reader);
            } catch (IOException e) {
                throw new ConfigException("Cannot read " + CONFIG_FILE.env() + "=" + fileName + ": " + e.getMessage());
            }
        }
        Lookup in = new Lookup(env, file, overrides);

        Optional<String> bootstrap = in.optional(BOOTSTRAP);
        Optional<String> registry = in.optional(REGISTRY);
        if (bootstrap.isPresent() && registry.isEmpty()) {
            throw new ConfigException(REGISTRY.env() + " must be set when " + BOOTSTRAP.env() + " is set"
                    + " (use mock://<scope> only for tests)");
        }
        String registryUrl = registry.orElse(REGISTRY.defaultValue());
        if (!(registryUrl.startsWith("mock://") || registryUrl.startsWith("http://") || registryUrl.startsWith("https://"))) {
            throw new ConfigException("Invalid " + REGISTRY.env() + "='" + io.runload.serde.RegistryUrl.redact(registryUrl) + "': expected http(s)://host:port or mock://scope");
        }
        String guarantee = in.string(GUARANTEE).toLowerCase(Locale.ROOT);
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new ConfigException("Invalid " + GUARANTEE.env() + "='" + guarantee + "': expected exactly_once_v2 or at_least_once");
        }
        Path dataDir = Path.of(in.string(DATA_DIR));
        Path stateDir = in.optional(STATE_DIR).map(Path::of).orElse(dataDir.resolve("state"));
        Optional<String> appServer = in.optional(APP_SERVER);
        appServer.ifPresent(s -> {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
                throw new ConfigException("Invalid " + APP_SERVER.env() + "='" + s + "': expected host:port");
            }
        });
        Duration grace = in.nonNegativeDuration(LATE_GRACE, "P7D");
        Duration hrRetention = in.positiveDuration(HR_RETENTION, "PT36H");
        Duration runHrWait = in.nonNegativeDuration(RUN_HR_WAIT, "PT10S");
        Duration lateHrWatch = in.nonNegativeDuration(LATE_HR_WATCH, "PT1H");
        Duration registryBackoff = in.nonNegativeDuration(REGISTRY_BACKOFF, "PT1S");
        String prefix = in.string(TOPIC_PREFIX);
        if (!prefix.matches("[a-zA-Z0-9._-]*")) {
            throw new ConfigException("Invalid " + TOPIC_PREFIX.env() + "='" + prefix + "': only letters, digits, '.', '_' and '-' are allowed in topic names");
        }
        boolean embedded = bootstrap.isEmpty();
        boolean simulator = in.optional(SIM_ENABLED).map(v -> parseBoolean(SIM_ENABLED, v)).orElse(embedded);

        Map<String, String> extra = new LinkedHashMap<>();
        for (Properties source : List.of(file, overrides)) {
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("streams.")) {
                    extra.put(name.substring("streams.".length()), source.getProperty(name));
                }
            }
        }

        return new RunLoadConfig(
                bootstrap,
                registryUrl,
                in.bool(AUTO_REGISTER),
                in.string(APP_ID),
                prefix,
                in.intIn(PARTITIONS, 1, 10_000),
                (short) in.intIn(REPLICATION, 1, 32),
                in.string(HTTP_HOST),
                in.intIn(HTTP_PORT, 0, 65_535),
                in.intIn(EMBEDDED_PORT, 0, 65_535),
                dataDir,
                stateDir,
                guarantee,
                in.intIn(THREADS, 1, 64),
                in.intIn(STANDBYS, 0, 8),
                in.optional(INSTANCE_ID),
                appServer,
                in.longIn(COMMIT_MS, 1, 600_000),
                in.longIn(MAX_TASK_IDLE, -1, 600_000),
                in.longIn(CACHE_BYTES, 0, Long.MAX_VALUE),
                in.longIn(BLOCK_CACHE, 1 << 20, Long.MAX_VALUE),
                in.longIn(WRITE_BUFFER, 1 << 20, Long.MAX_VALUE),
                grace,
                hrRetention,
                runHrWait,
                lateHrWatch,
                in.intIn(MAX_RECORD, 1024, Integer.MAX_VALUE),
                in.intIn(REGISTRY_ATTEMPTS, 1, 1_000),
                registryBackoff,
                simulator,
                in.intIn(SIM_ATHLETES, 1, 1_000_000),
                in.longIn(SIM_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
                Map.copyOf(extra),
                registryClient(in, env, file, overrides),
                in.string(EMBEDDED_REGISTRY_HOST),
                in.intIn(EMBEDDED_REGISTRY_PORT, -1, 65_535),
                in.bool(SIM_RESUME));
    }

    /**
     * Registry settings that carry secrets; each may instead be read once from the file named by
     * {@code <ENV>_FILE}. The bearer token's {@code _FILE} is a setting of its own, read again when the file changes.
     */
    private static final List<Setting> REGISTRY_SECRETS = List.of(REGISTRY_USER_INFO, REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_KEYSTORE_PASSWORD, REGISTRY_KEY_PASSWORD);

    /**
     * The registry client's keys: every {@code schema.registry.*} key of the properties file (so any
     * of Confluent's client keys, e.g. inline PEM {@code schema.registry.ssl.truststore.certificates},
     * can be given), then the typed settings above from the environment, which win.
     */
    private static RegistryClientProperties registryClient(Lookup in, Map<String, String> env, Properties file,
                                                           Properties overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Properties source : List.of(file, overrides)) {
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("schema.registry.") && !name.equals(REGISTRY.key())) {
                    values.put(name, source.getProperty(name).trim());
                }
            }
        }
        List<Setting> typed = List.of(REGISTRY_BASIC_AUTH_SOURCE, REGISTRY_USER_INFO, REGISTRY_BEARER_TOKEN,
                REGISTRY_BEARER_TOKEN_FILE, REGISTRY_TRUSTSTORE, REGISTRY_TRUSTSTORE_TYPE, REGISTRY_TRUSTSTORE_PASSWORD,
                REGISTRY_KEYSTORE, REGISTRY_KEYSTORE_TYPE, REGISTRY_KEYSTORE_PASSWORD, REGISTRY_KEY_PASSWORD, REGISTRY_MISSING_ID_TTL);
        for (Setting s : typed) {
            Optional<String> value = in.optional(s);
            String fileVariable = s.env() + "_FILE";
            if (REGISTRY_SECRETS.contains(s) && env.get(fileVariable) != null && !env.get(fileVariable).isBlank()) {
                if (value.isPresent() && env.get(s.env()) != null) {
                    throw new ConfigException("Set either " + s.env() + " or " + fileVariable + ", not both");
                }
                Path secret = Path.of(env.get(fileVariable).trim());
                try {
                    value = Optional.of(Files.readString(secret).strip());
                } catch (IOException e) {
                    throw new ConfigException("Cannot read " + fileVariable + "=" + secret + ": " + e.getMessage());
                }
            }
            value.ifPresent(v -> values.put(s.key(), v));
        }
        String source = values.getOrDefault(REGISTRY_BASIC_AUTH_SOURCE.key(), "USER_INFO").toUpperCase(Locale.ROOT);
        if (!source.equals("USER_INFO") && !source.equals("URL")) {
            throw new ConfigException("Invalid " + REGISTRY_BASIC_AUTH_SOURCE.env() + "='" + source + "': expected USER_INFO or URL");
        }
        if (values.containsKey(REGISTRY_BEARER_TOKEN.key()) && values.containsKey(REGISTRY_BEARER_TOKEN_FILE.key())) {
            throw new ConfigException("Set either " + REGISTRY_BEARER_TOKEN.env() + " or " + REGISTRY_BEARER_TOKEN_FILE.env() + ", not both");
        }
        boolean basic = values.containsKey(REGISTRY_USER_INFO.key()) || source.equals("URL");
        if (basic && (values.containsKey(REGISTRY_BEARER_TOKEN.key()) || values.containsKey(REGISTRY_BEARER_TOKEN_FILE.key()))) {
            throw new ConfigException("Registry basic authentication (" + REGISTRY_USER_INFO.env() + " or "
                    + REGISTRY_BASIC_AUTH_SOURCE.env() + "=URL) and a bearer token exclude each other");
        }
        String userInfo = values.get(REGISTRY_USER_INFO.key());
        if (userInfo != null && userInfo.indexOf(':') < 0) {
            // The value is a secret: name the setting, never echo it.
            throw new ConfigException("Invalid " + REGISTRY_USER_INFO.env() + ": expected user:password");
        }
        String ttl = values.get(REGISTRY_MISSING_ID_TTL.key());
        if (ttl != null && !ttl.matches("\\d{1,9}")) {
            throw new ConfigException("Invalid " + REGISTRY_MISSING_ID_TTL.env() + "='" + ttl + "': expected a whole number of seconds >= 0");
        }
        return new RegistryClientProperties(values);
    }

    private static boolean parseBoolean(Setting s, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException("Invalid " + s.env() + "='" + v + "': expected true or false");
        };
    }

    /** Precedence: overrides, then environment, then file, then default. Blank counts as unset. */
    private record Lookup(Map<String, String> env, Properties file, Properties overrides) {
        Optional<String> optional(Setting s) {
            List<String> candidates = new ArrayList<>();
            candidates.add(overrides.getProperty(s.key()));
            candidates.add(env.get(s.env()));
            candidates.add(file.getProperty(s.key()));
            for (String c : candidates) {
                if (c != null && !c.isBlank()) {
                    return Optional.of(c.trim());
                }
            }
            return Optional.empty();
        }

        String string(Setting s) {
            return optional(s).orElse(s.defaultValue());
        }

        boolean bool(Setting s) {
            return parseBoolean(s, string(s));
        }

        <T> T parsed(Setting s, Function<String, T> parser, String expected) {
            String v = string(s);
            try {
                return parser.apply(v);
            } catch (RuntimeException e) {
                throw new ConfigException("Invalid " + s.env() + "='" + v + "': expected " + expected);
            }
        }

        Duration nonNegativeDuration(Setting s, String example) {
            return duration(s, false, "a non-negative ISO-8601 duration such as " + example);
        }

        Duration positiveDuration(Setting s, String example) {
            return duration(s, true, "a positive ISO-8601 duration such as " + example);
        }

        private Duration duration(Setting s, boolean positive, String expected) {
            return parsed(s, v -> {
                Duration d = Duration.parse(v);
                if (d.isNegative() || (positive && d.isZero())) {
                    throw new IllegalArgumentException("out of range");
                }
                return d;
            }, expected);
        }

        int intIn(Setting s, int min, int max) {
            return (int) longIn(s, min, max);
        }

        long longIn(Setting s, long min, long max) {
            String expected = "an integer from " + min + " to " + max;
            long v = parsed(s, Long::parseLong, expected);
            if (v < min || v > max) {
                throw new ConfigException("Invalid " + s.env() + "='" + v + "': expected " + expected);
            }
            return v;
        }
    }
}
