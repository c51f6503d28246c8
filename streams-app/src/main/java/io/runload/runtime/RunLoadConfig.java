package io.runload.runtime;

import io.runload.http.HttpServerSettings;
import io.runload.http.JwtVerifier;
import io.runload.topology.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
        HttpServerSettings http,
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
        KafkaClientSettings kafkaClient,
        int alertHistoricalDays,
        RegistryClientProperties registryClient,
        String embeddedRegistryHost,
        int embeddedRegistryPort,
        boolean simulatorResume) {

    /** One documented setting: its environment variable, properties key, default and meaning. */
    public record Setting(String env, String key, String defaultValue, String doc) {}

    public static final Setting BOOTSTRAP = new Setting(
            "KAFKA_BOOTSTRAP_SERVERS",
            "kafka.bootstrap.servers",
            "",
            "Kafka bootstrap servers. Empty starts the embedded mode: in-process broker, in-memory registry and demo simulator.");
    public static final Setting REGISTRY = new Setting(
            "SCHEMA_REGISTRY_URL",
            "schema.registry.url",
            "mock://runload",
            "Confluent-compatible schema registry URL(s); mock://scope is an in-process registry. Required with KAFKA_BOOTSTRAP_SERVERS.");
    public static final Setting AUTO_REGISTER = new Setting(
            "RUNLOAD_AUTO_REGISTER_SCHEMAS",
            "auto.register.schemas",
            "true",
            "Register output schemas under <topic>-value when missing.");
    public static final Setting APP_ID = new Setting(
            "RUNLOAD_APPLICATION_ID",
            "runload.application.id",
            "runload",
            "Kafka Streams application.id: consumer group, and prefix of internal topics.");
    public static final Setting TOPIC_PREFIX = new Setting(
            "RUNLOAD_TOPIC_PREFIX", "runload.topic.prefix", "runload.", "Prefix of every RunLoad topic name.");
    public static final Setting PARTITIONS = new Setting(
            "RUNLOAD_TOPIC_PARTITIONS",
            "runload.topic.partitions",
            "4",
            "Partitions of topics RunLoad creates when they are missing (all inputs must share one count).");
    public static final Setting REPLICATION = new Setting(
            "RUNLOAD_TOPIC_REPLICATION",
            "runload.topic.replication",
            "1",
            "Replication factor of topics RunLoad creates (and of its internal topics). Use 3 in production.");
    public static final Setting HTTP_HOST = new Setting(
            "RUNLOAD_HTTP_HOST",
            "runload.http.host",
            "",
            "Address the API and dashboard listener binds. Default: 127.0.0.1 in embedded mode (the demo, served without "
                    + "authentication on loopback only), 0.0.0.0 otherwise.");
    public static final Setting HTTP_PORT = new Setting(
            "RUNLOAD_HTTP_PORT",
            "runload.http.port",
            "8080",
            "Port of the API and dashboard listener (and of /metrics and /health unless RUNLOAD_MANAGEMENT_PORT is set). 0 picks a free port.");
    public static final Setting MANAGEMENT_HOST = new Setting(
            "RUNLOAD_MANAGEMENT_HOST",
            "runload.management.host",
            "",
            "Address the management listener (/metrics, /health/*, never authenticated) binds. Default: RUNLOAD_HTTP_HOST's.");
    public static final Setting MANAGEMENT_PORT = new Setting(
            "RUNLOAD_MANAGEMENT_PORT",
            "runload.management.port",
            "",
            "Port of a separate management listener; empty serves /metrics and /health/* on the API port. 0 picks a free port.");
    public static final Setting API_AUTH = new Setting(
            "RUNLOAD_API_AUTH",
            "runload.api.auth",
            "",
            "Who may read athlete data: 'keys' (a bearer credential: an API key from RUNLOAD_API_KEYS_FILE, or a JWT per "
                    + "RUNLOAD_API_JWKS_URL) or 'none'. Default: keys when a key file or JWKS URL is set; otherwise none if the API listener is on loopback, and a start-up error off loopback. "
                    + "'none' off loopback serves health data to anyone who can reach the port (logged as a warning).");
    public static final Setting API_KEYS_FILE = new Setting(
            "RUNLOAD_API_KEYS_FILE",
            "runload.api.keys.file",
            "",
            "File of hashed API keys, one 'name:<hex SHA-256 of the key>' a line (e.g. a mounted Secret); re-read when it changes.");
    public static final Setting JWKS_URL = new Setting(
            "RUNLOAD_API_JWKS_URL",
            "runload.api.jwks.url",
            "",
            "JWKS URL of an identity provider: bearer JWTs it signs (RSA or EC) are accepted besides API keys. Needs the issuer and audience below.");
    public static final Setting JWT_ISSUER =
            new Setting("RUNLOAD_API_JWT_ISSUER", "runload.api.jwt.issuer", "", "Required 'iss' of accepted JWTs.");
    public static final Setting JWT_AUDIENCE = new Setting(
            "RUNLOAD_API_JWT_AUDIENCE",
            "runload.api.jwt.audience",
            "",
            "Required 'aud' of accepted JWTs (e.g. runload-api).");
    public static final Setting PEER_SECRET_FILE = new Setting(
            "RUNLOAD_PEER_SECRET_FILE",
            "runload.peer.secret.file",
            "",
            "File holding a secret (16+ bytes) shared by all instances; they sign relayed queries with it. Required with API keys "
                    + "and RUNLOAD_APPLICATION_SERVER. Re-read when it changes.");
    public static final Setting TLS_KEYSTORE = new Setting(
            "RUNLOAD_TLS_KEYSTORE",
            "runload.tls.keystore",
            "",
            "PKCS#12 (or .jks) key store of the API listener's certificate; enables HTTPS on it. Or use RUNLOAD_TLS_CERT/KEY.");
    public static final Setting TLS_KEYSTORE_PASSWORD = new Setting(
            "RUNLOAD_TLS_KEYSTORE_PASSWORD", "runload.tls.keystore.password", "", "Password of RUNLOAD_TLS_KEYSTORE.");
    public static final Setting TLS_CERT = new Setting(
            "RUNLOAD_TLS_CERT",
            "runload.tls.cert",
            "",
            "PEM certificate chain of the API listener; with RUNLOAD_TLS_KEY enables HTTPS on it.");
    public static final Setting TLS_KEY = new Setting(
            "RUNLOAD_TLS_KEY",
            "runload.tls.key",
            "",
            "PEM unencrypted PKCS#8 private key (BEGIN PRIVATE KEY) of RUNLOAD_TLS_CERT.");
    public static final Setting TLS_TRUST = new Setting(
            "RUNLOAD_TLS_TRUST",
            "runload.tls.trust",
            "",
            "PEM CA certificates that peers' certificates are checked against when relaying queries over HTTPS. Default: the JDK's trust store.");
    public static final Setting HTTP_IDLE_TIMEOUT = new Setting(
            "RUNLOAD_HTTP_IDLE_TIMEOUT",
            "runload.http.idle.timeout",
            "PT30S",
            "An HTTP connection with no traffic this long is closed. ISO-8601 duration.");
    public static final Setting HTTP_HEADER_TIMEOUT = new Setting(
            "RUNLOAD_HTTP_HEADER_TIMEOUT",
            "runload.http.header.timeout",
            "PT10S",
            "A new HTTP connection must send a complete request head within this, or is closed. ISO-8601 duration.");
    public static final Setting HTTP_REQUEST_TIMEOUT = new Setting(
            "RUNLOAD_HTTP_REQUEST_TIMEOUT",
            "runload.http.request.timeout",
            "PT10S",
            "Longest one query may take, relays to other instances included (then 503). ISO-8601 duration.");
    public static final Setting HTTP_MAX_HEADER_BYTES = new Setting(
            "RUNLOAD_HTTP_MAX_HEADER_BYTES",
            "runload.http.max.header.bytes",
            "8192",
            "Largest HTTP request line plus headers, in bytes (larger: 431).");
    public static final Setting HTTP_MAX_BODY_BYTES = new Setting(
            "RUNLOAD_HTTP_MAX_BODY_BYTES",
            "runload.http.max.body.bytes",
            "65536",
            "Largest HTTP request body, in bytes (larger: 413). No route reads one.");
    public static final Setting HTTP_MAX_CONNECTIONS = new Setting(
            "RUNLOAD_HTTP_MAX_CONNECTIONS",
            "runload.http.max.connections",
            "2048",
            "Open connections per HTTP listener; further ones wait in the accept queue.");
    public static final Setting HTTP_THREADS = new Setting(
            "RUNLOAD_HTTP_THREADS",
            "runload.http.threads",
            "64",
            "HTTP request threads (both listeners); queries use at most half, so health checks always find one.");
    public static final Setting EMBEDDED_PORT = new Setting(
            "RUNLOAD_EMBEDDED_KAFKA_PORT",
            "runload.embedded.kafka.port",
            "9092",
            "Port of the embedded broker (embedded mode only). 0 picks a free port.");
    public static final Setting DATA_DIR = new Setting(
            "RUNLOAD_DATA_DIR",
            "runload.data.dir",
            "runload-data",
            "Directory for the embedded broker's log (embedded mode only).");
    public static final Setting STATE_DIR = new Setting(
            "RUNLOAD_STATE_DIR", "runload.state.dir", "", "Kafka Streams state directory. Default: <data dir>/state.");
    public static final Setting GUARANTEE = new Setting(
            "RUNLOAD_PROCESSING_GUARANTEE",
            "processing.guarantee",
            "exactly_once_v2",
            "exactly_once_v2 or at_least_once.");
    public static final Setting THREADS =
            new Setting("RUNLOAD_NUM_STREAM_THREADS", "num.stream.threads", "1", "Stream threads per instance.");
    public static final Setting STANDBYS = new Setting(
            "RUNLOAD_NUM_STANDBY_REPLICAS",
            "num.standby.replicas",
            "0",
            "Warm standby copies of each state store on other instances.");
    public static final Setting INSTANCE_ID = new Setting(
            "RUNLOAD_GROUP_INSTANCE_ID",
            "group.instance.id",
            "",
            "Static membership id (e.g. the pod name); empty disables static membership.");
    public static final Setting APP_SERVER = new Setting(
            "RUNLOAD_APPLICATION_SERVER",
            "application.server",
            "",
            "host:port other instances use to reach this one's HTTP API (interactive-query routing).");
    public static final Setting COMMIT_MS = new Setting(
            "RUNLOAD_COMMIT_INTERVAL_MS",
            "commit.interval.ms",
            "100",
            "Commit (and, under exactly-once, transaction) interval in milliseconds.");
    public static final Setting MAX_TASK_IDLE = new Setting(
            "RUNLOAD_MAX_TASK_IDLE_MS",
            "max.task.idle.ms",
            "-1",
            "Kafka Streams max.task.idle.ms: how long a task waits for an empty input partition before processing the others. "
                    + "-1 never waits: RunLoad does not depend on the order between its three inputs (runs wait for their heart rate "
                    + "and first profile themselves), and any other value costs a formatted log line per record in Kafka Streams 4.4.");
    public static final Setting CACHE_BYTES = new Setting(
            "RUNLOAD_CACHE_MAX_BYTES",
            "statestore.cache.max.bytes",
            "67108864",
            "Record cache across all stream threads, in bytes.");
    public static final Setting BLOCK_CACHE = new Setting(
            "RUNLOAD_ROCKSDB_BLOCK_CACHE_BYTES",
            "runload.rocksdb.block.cache.bytes",
            "134217728",
            "RocksDB block cache shared by every store of the instance, in bytes.");
    public static final Setting WRITE_BUFFER = new Setting(
            "RUNLOAD_ROCKSDB_WRITE_BUFFER_BYTES",
            "runload.rocksdb.write.buffer.bytes",
            "67108864",
            "RocksDB memtable budget shared by every store of the instance, in bytes (counted against the block cache).");
    public static final Setting LATE_GRACE = new Setting(
            "RUNLOAD_LATE_GRACE",
            "runload.late.grace",
            "P7D",
            "How late (event time, per athlete) a run or sample may arrive and still correct results; older goes to the DLQ as 'late'. ISO-8601 duration.");
    public static final Setting HR_RETENTION = new Setting(
            "RUNLOAD_HR_RETENTION",
            "runload.hr.retention",
            "PT36H",
            "How long a run's heart-rate accumulation is kept after its last sample, waiting for the run event. ISO-8601 duration.");
    public static final Setting RUN_HR_WAIT = new Setting(
            "RUNLOAD_RUN_HR_WAIT",
            "runload.run.hr.wait",
            "PT10S",
            "How long (wall clock) a run event waits for heart-rate samples that have not reached its end yet, or for a new athlete's first profile. ISO-8601 duration; PT0S disables waiting.");
    public static final Setting LATE_HR_WATCH = new Setting(
            "RUNLOAD_LATE_HR_WATCH",
            "runload.late.hr.watch",
            "PT1H",
            "How long (wall clock) a run summarised without all of its heart rate is watched for samples synced later, which then correct its summary and load. ISO-8601 duration; PT0S disables it (re-sending the run event also recomputes it).");
    public static final Setting ALERT_HISTORICAL_DAYS = new Setting(
            "RUNLOAD_ALERT_HISTORICAL_DAYS",
            "runload.alert.historical.days",
            "7",
            "An alert about a period (a run's day, a week's last day) that ended more than this many days before the athlete's latest data day is published with historical=true: stored and queryable, but not for pushing (a history back-fill is not a notification storm).");
    public static final Setting MAX_RECORD = new Setting(
            "RUNLOAD_MAX_RECORD_BYTES",
            "runload.max.record.bytes",
            "262144",
            "Input values larger than this go to the DLQ as 'oversized'.");
    public static final Setting REGISTRY_ATTEMPTS = new Setting(
            "RUNLOAD_REGISTRY_STARTUP_ATTEMPTS",
            "runload.registry.startup.attempts",
            "6",
            "Attempts to reach the schema registry at start-up before failing with an error.");
    public static final Setting REGISTRY_BACKOFF = new Setting(
            "RUNLOAD_REGISTRY_STARTUP_BACKOFF",
            "runload.registry.startup.backoff",
            "PT1S",
            "Wait before the second registry attempt at start-up, doubled for each further one. ISO-8601 duration.");
    public static final Setting SIM_ENABLED = new Setting(
            "RUNLOAD_SIMULATOR_ENABLED",
            "runload.simulator.enabled",
            "",
            "Run the demo simulator. Default: on in embedded mode, off otherwise.");
    public static final Setting SIM_ATHLETES = new Setting(
            "RUNLOAD_SIMULATOR_ATHLETES",
            "runload.simulator.athletes",
            "12",
            "Number of simulated athletes (sim-0001 ...).");
    public static final Setting SIM_SEED =
            new Setting("RUNLOAD_SIMULATOR_SEED", "runload.simulator.seed", "42", "Random seed of the simulator.");
    // Kafka client security, applied to every client (Streams, Admin, producers, consumers). Any other
    // client property goes in the properties file as kafka.<property>. Each secret can instead be read
    // from a file (the *_FILE settings), e.g. a mounted Kubernetes Secret.
    public static final Setting KAFKA_SECURITY_PROTOCOL = new Setting(
            "KAFKA_SECURITY_PROTOCOL",
            "kafka.security.protocol",
            "PLAINTEXT",
            "security.protocol of every Kafka client: PLAINTEXT, SSL (TLS; with a client certificate it is mTLS), SASL_SSL or SASL_PLAINTEXT.");
    public static final Setting KAFKA_SASL_MECHANISM = new Setting(
            "KAFKA_SASL_MECHANISM",
            "kafka.sasl.mechanism",
            "",
            "sasl.mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER (GSSAPI too, through KAFKA_SASL_JAAS_CONFIG).");
    public static final Setting KAFKA_SASL_USERNAME = new Setting(
            "KAFKA_SASL_USERNAME",
            "kafka.sasl.username",
            "",
            "SASL user for PLAIN and SCRAM. With KAFKA_SASL_PASSWORD, RunLoad writes sasl.jaas.config itself.");
    public static final Setting KAFKA_SASL_PASSWORD = new Setting(
            "KAFKA_SASL_PASSWORD", "kafka.sasl.password", "", "Secret: the password of KAFKA_SASL_USERNAME.");
    public static final Setting KAFKA_SASL_PASSWORD_FILE = fileOf(KAFKA_SASL_PASSWORD);
    public static final Setting KAFKA_SASL_JAAS_CONFIG = new Setting(
            "KAFKA_SASL_JAAS_CONFIG",
            "kafka.sasl.jaas.config",
            "",
            "Secret: a complete sasl.jaas.config (e.g. OAUTHBEARER client credentials), instead of KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.");
    public static final Setting KAFKA_SASL_JAAS_CONFIG_FILE = fileOf(KAFKA_SASL_JAAS_CONFIG);
    public static final Setting KAFKA_OAUTH_TOKEN_URL = new Setting(
            "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL",
            "kafka.sasl.oauthbearer.token.endpoint.url",
            "",
            "OAUTHBEARER: the identity provider's token endpoint (client credentials grant). RunLoad then sets the login module and "
                    + "Kafka's OAuthBearerLoginCallbackHandler unless KAFKA_SASL_JAAS_CONFIG or kafka.sasl.login.callback.handler.class say otherwise.");
    public static final Setting KAFKA_OAUTH_CLIENT_ID = new Setting(
            "KAFKA_SASL_OAUTHBEARER_CLIENT_ID",
            "kafka.sasl.oauthbearer.client.credentials.client.id",
            "",
            "OAUTHBEARER: the client id at the identity provider.");
    public static final Setting KAFKA_OAUTH_CLIENT_SECRET = new Setting(
            "KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET",
            "kafka.sasl.oauthbearer.client.credentials.client.secret",
            "",
            "Secret: OAUTHBEARER client secret at the identity provider.");
    public static final Setting KAFKA_OAUTH_CLIENT_SECRET_FILE = fileOf(KAFKA_OAUTH_CLIENT_SECRET);
    public static final Setting KAFKA_TRUSTSTORE = new Setting(
            "KAFKA_SSL_TRUSTSTORE_LOCATION",
            "kafka.ssl.truststore.location",
            "",
            "CA certificate(s) the brokers' certificates are checked against: a PEM file, or a JKS or PKCS12 store. Empty: the JVM's default CAs.");
    public static final Setting KAFKA_TRUSTSTORE_TYPE = new Setting(
            "KAFKA_SSL_TRUSTSTORE_TYPE",
            "kafka.ssl.truststore.type",
            "",
            "PEM, JKS or PKCS12. Default: from the file name (.pem, .crt, .cer: PEM; .jks: JKS; .p12, .pfx: PKCS12).");
    public static final Setting KAFKA_TRUSTSTORE_PASSWORD = new Setting(
            "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "kafka.ssl.truststore.password",
            "",
            "Secret: password of a JKS or PKCS12 truststore (a PEM file has none).");
    public static final Setting KAFKA_TRUSTSTORE_PASSWORD_FILE = fileOf(KAFKA_TRUSTSTORE_PASSWORD);
    public static final Setting KAFKA_KEYSTORE = new Setting(
            "KAFKA_SSL_KEYSTORE_LOCATION",
            "kafka.ssl.keystore.location",
            "",
            "Client certificate and private key for mTLS: a PEM file (PKCS#8 private key followed by the certificate chain), or a JKS or PKCS12 store.");
    public static final Setting KAFKA_KEYSTORE_TYPE = new Setting(
            "KAFKA_SSL_KEYSTORE_TYPE",
            "kafka.ssl.keystore.type",
            "",
            "PEM, JKS or PKCS12. Default: from the file name, as for KAFKA_SSL_TRUSTSTORE_TYPE.");
    public static final Setting KAFKA_KEYSTORE_PASSWORD = new Setting(
            "KAFKA_SSL_KEYSTORE_PASSWORD",
            "kafka.ssl.keystore.password",
            "",
            "Secret: password of a JKS or PKCS12 keystore (a PEM file has none).");
    public static final Setting KAFKA_KEYSTORE_PASSWORD_FILE = fileOf(KAFKA_KEYSTORE_PASSWORD);
    public static final Setting KAFKA_KEY_PASSWORD = new Setting(
            "KAFKA_SSL_KEY_PASSWORD",
            "kafka.ssl.key.password",
            "",
            "Secret: password of the private key, when it differs from the keystore's, or of an encrypted PEM key.");
    public static final Setting KAFKA_KEY_PASSWORD_FILE = fileOf(KAFKA_KEY_PASSWORD);

    public static final Setting REGISTRY_BASIC_AUTH_SOURCE = new Setting(
            "SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE",
            "schema.registry.basic.auth.credentials.source",
            "USER_INFO",
            "Where registry basic-auth credentials come from: USER_INFO (SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO) or URL (user:password@ in SCHEMA_REGISTRY_URL, never printed).");
    public static final Setting REGISTRY_USER_INFO = new Setting(
            "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
            "schema.registry.basic.auth.user.info",
            "",
            "Registry basic-auth credentials, user:password. Secret: SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE names a file holding it.");
    public static final Setting REGISTRY_BEARER_TOKEN = new Setting(
            "SCHEMA_REGISTRY_BEARER_AUTH_TOKEN",
            "schema.registry.bearer.auth.token",
            "",
            "Static bearer token for the registry (excludes basic auth). Secret.");
    public static final Setting REGISTRY_BEARER_TOKEN_FILE = new Setting(
            "SCHEMA_REGISTRY_BEARER_AUTH_TOKEN_FILE",
            "schema.registry.bearer.auth.token.file",
            "",
            "File holding the registry bearer token; read again whenever the file changes, so rotated tokens need no restart.");
    public static final Setting REGISTRY_TRUSTSTORE = new Setting(
            "SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION",
            "schema.registry.ssl.truststore.location",
            "",
            "Trust store for an https registry (CA certificates); empty uses the JVM's default trust.");
    public static final Setting REGISTRY_TRUSTSTORE_TYPE = new Setting(
            "SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE",
            "schema.registry.ssl.truststore.type",
            "",
            "JKS, PKCS12 or PEM (default JKS, as in Kafka).");
    public static final Setting REGISTRY_TRUSTSTORE_PASSWORD = new Setting(
            "SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD",
            "schema.registry.ssl.truststore.password",
            "",
            "Trust store password (not needed for PEM). Secret: ..._PASSWORD_FILE names a file holding it.");
    public static final Setting REGISTRY_KEYSTORE = new Setting(
            "SCHEMA_REGISTRY_SSL_KEYSTORE_LOCATION",
            "schema.registry.ssl.keystore.location",
            "",
            "Key store with the client certificate, for a registry that requires mutual TLS.");
    public static final Setting REGISTRY_KEYSTORE_TYPE = new Setting(
            "SCHEMA_REGISTRY_SSL_KEYSTORE_TYPE",
            "schema.registry.ssl.keystore.type",
            "",
            "JKS, PKCS12 or PEM (a PEM file with the private key and certificate chain).");
    public static final Setting REGISTRY_KEYSTORE_PASSWORD = new Setting(
            "SCHEMA_REGISTRY_SSL_KEYSTORE_PASSWORD",
            "schema.registry.ssl.keystore.password",
            "",
            "Key store password. Secret: ..._PASSWORD_FILE names a file holding it.");
    public static final Setting REGISTRY_KEY_PASSWORD = new Setting(
            "SCHEMA_REGISTRY_SSL_KEY_PASSWORD",
            "schema.registry.ssl.key.password",
            "",
            "Password of the private key (of an encrypted PEM key, or a JKS key with its own password). Secret: ..._PASSWORD_FILE.");
    public static final Setting REGISTRY_MISSING_ID_TTL = new Setting(
            "SCHEMA_REGISTRY_MISSING_ID_CACHE_TTL_SEC",
            "schema.registry.missing.id.cache.ttl.sec",
            "30",
            "Seconds a schema id the registry does not know is remembered as unknown (records carrying it go to the DLQ without a request each). 0 disables.");
    public static final Setting EMBEDDED_REGISTRY_HOST = new Setting(
            "RUNLOAD_EMBEDDED_REGISTRY_HOST",
            "runload.embedded.registry.host",
            "127.0.0.1",
            "Address the embedded schema registry's REST API binds (embedded mode only); 0.0.0.0 exposes it to the network.");
    public static final Setting EMBEDDED_REGISTRY_PORT = new Setting(
            "RUNLOAD_EMBEDDED_REGISTRY_PORT",
            "runload.embedded.registry.port",
            "8081",
            "Port of the embedded schema registry's Confluent REST API (embedded mode only). 0 picks a free port; -1 serves no REST API.");
    public static final Setting SIM_RESUME = new Setting(
            "RUNLOAD_SIMULATOR_RESUME",
            "runload.simulator.resume",
            "true",
            "Continue the demo simulation where it stopped, from the position kept in the data directory. false replays the history again "
                    + "(use it only with an empty data directory: the replay is late for the state already there).");
    public static final Setting CONFIG_FILE = new Setting(
            "RUNLOAD_CONFIG_FILE",
            "",
            "",
            "Optional properties file with any of the keys above; keys starting with 'streams.' pass through to Kafka Streams, "
                    + "keys starting with 'kafka.' to every Kafka client RunLoad builds (Streams, Admin, producers, consumers).");

    /** The companion of a secret setting that names a file holding the value instead (trailing newlines ignored). */
    private static Setting fileOf(Setting secret) {
        return new Setting(
                secret.env() + "_FILE",
                secret.key() + ".file",
                "",
                "File holding " + secret.env() + " (e.g. a mounted Kubernetes Secret); trailing newlines are ignored.");
    }

    public static List<Setting> settings() {
        return List.of(
                BOOTSTRAP,
                REGISTRY,
                AUTO_REGISTER,
                APP_ID,
                TOPIC_PREFIX,
                PARTITIONS,
                REPLICATION,
                HTTP_HOST,
                HTTP_PORT,
                MANAGEMENT_HOST,
                MANAGEMENT_PORT,
                API_AUTH,
                API_KEYS_FILE,
                JWKS_URL,
                JWT_ISSUER,
                JWT_AUDIENCE,
                PEER_SECRET_FILE,
                TLS_KEYSTORE,
                TLS_KEYSTORE_PASSWORD,
                TLS_CERT,
                TLS_KEY,
                TLS_TRUST,
                HTTP_IDLE_TIMEOUT,
                HTTP_HEADER_TIMEOUT,
                HTTP_REQUEST_TIMEOUT,
                HTTP_MAX_HEADER_BYTES,
                HTTP_MAX_BODY_BYTES,
                HTTP_MAX_CONNECTIONS,
                HTTP_THREADS,
                EMBEDDED_PORT,
                DATA_DIR,
                STATE_DIR,
                GUARANTEE,
                THREADS,
                STANDBYS,
                INSTANCE_ID,
                APP_SERVER,
                COMMIT_MS,
                MAX_TASK_IDLE,
                CACHE_BYTES,
                BLOCK_CACHE,
                WRITE_BUFFER,
                LATE_GRACE,
                HR_RETENTION,
                RUN_HR_WAIT,
                LATE_HR_WATCH,
                ALERT_HISTORICAL_DAYS,
                MAX_RECORD,
                REGISTRY_ATTEMPTS,
                REGISTRY_BACKOFF,
                SIM_ENABLED,
                SIM_ATHLETES,
                SIM_SEED,
                KAFKA_SECURITY_PROTOCOL,
                KAFKA_SASL_MECHANISM,
                KAFKA_SASL_USERNAME,
                KAFKA_SASL_PASSWORD,
                KAFKA_SASL_PASSWORD_FILE,
                KAFKA_SASL_JAAS_CONFIG,
                KAFKA_SASL_JAAS_CONFIG_FILE,
                KAFKA_OAUTH_TOKEN_URL,
                KAFKA_OAUTH_CLIENT_ID,
                KAFKA_OAUTH_CLIENT_SECRET,
                KAFKA_OAUTH_CLIENT_SECRET_FILE,
                KAFKA_TRUSTSTORE,
                KAFKA_TRUSTSTORE_TYPE,
                KAFKA_TRUSTSTORE_PASSWORD,
                KAFKA_TRUSTSTORE_PASSWORD_FILE,
                KAFKA_KEYSTORE,
                KAFKA_KEYSTORE_TYPE,
                KAFKA_KEYSTORE_PASSWORD,
                KAFKA_KEYSTORE_PASSWORD_FILE,
                KAFKA_KEY_PASSWORD,
                KAFKA_KEY_PASSWORD_FILE,
                REGISTRY_BASIC_AUTH_SOURCE,
                REGISTRY_USER_INFO,
                REGISTRY_BEARER_TOKEN,
                REGISTRY_BEARER_TOKEN_FILE,
                REGISTRY_TRUSTSTORE,
                REGISTRY_TRUSTSTORE_TYPE,
                REGISTRY_TRUSTSTORE_PASSWORD,
                REGISTRY_KEYSTORE,
                REGISTRY_KEYSTORE_TYPE,
                REGISTRY_KEYSTORE_PASSWORD,
                REGISTRY_KEY_PASSWORD,
                REGISTRY_MISSING_ID_TTL,
                EMBEDDED_REGISTRY_HOST,
                EMBEDDED_REGISTRY_PORT,
                SIM_RESUME,
                CONFIG_FILE);
    }

    /**
     * Refuses to serve athlete data off loopback when no authentication is configured and
     * {@code RUNLOAD_API_AUTH=none} was not asked for by name.
     */
    public void requireServableApi() {
        if (http().auth() == HttpServerSettings.AuthMode.UNCONFIGURED && !isLoopback(http().host())) {
            throw new ConfigException("RunLoad will not serve athlete data on " + HTTP_HOST.env() + "=" + http().host()
                    + " without authentication: set " + API_KEYS_FILE.env() + " (or bind 127.0.0.1, or set "
                    + API_AUTH.env() + "=none to serve it to anyone who can reach the port)");
        }
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
        if (!(registryUrl.startsWith("mock://")
                || registryUrl.startsWith("http://")
                || registryUrl.startsWith("https://"))) {
            throw new ConfigException(
                    "Invalid " + REGISTRY.env() + "='" + io.runload.serde.RegistryUrl.redact(registryUrl)
                            + "': expected http(s)://host:port or mock://scope");
        }
        String guarantee = in.string(GUARANTEE).toLowerCase(Locale.ROOT);
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new ConfigException(
                    "Invalid " + GUARANTEE.env() + "='" + guarantee + "': expected exactly_once_v2 or at_least_once");
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
            throw new ConfigException("Invalid " + TOPIC_PREFIX.env() + "='" + prefix
                    + "': only letters, digits, '.', '_' and '-' are allowed in topic names");
        }
        boolean embedded = bootstrap.isEmpty();
        HttpServerSettings http = httpSettings(in, embedded, appServer.isPresent());
        boolean simulator =
                in.optional(SIM_ENABLED).map(v -> parseBoolean(SIM_ENABLED, v)).orElse(embedded);

        Map<String, String> extra = new LinkedHashMap<>();
        Map<String, String> kafkaPassThrough = new LinkedHashMap<>();
        for (Properties source : List.of(file, overrides)) {
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("streams.")) {
                    extra.put(name.substring("streams.".length()), source.getProperty(name));
                } else if (name.startsWith(KAFKA_PREFIX) && !OWN_KAFKA_KEYS.contains(name) && !name.endsWith(".file")) {
                    kafkaPassThrough.put(
                            name.substring(KAFKA_PREFIX.length()),
                            source.getProperty(name).trim());
                }
            }
        }
        KafkaClientSettings kafkaClient = kafkaClient(in, kafkaPassThrough, embedded);

        return new RunLoadConfig(
                bootstrap,
                registryUrl,
                in.bool(AUTO_REGISTER),
                in.string(APP_ID),
                prefix,
                in.intIn(PARTITIONS, 1, 10_000),
                (short) in.intIn(REPLICATION, 1, 32),
                http.host(),
                http.port(),
                http,
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
                kafkaClient,
                in.intIn(ALERT_HISTORICAL_DAYS, 0, 3_650),
                registryClient(in, env, file, overrides),
                in.string(EMBEDDED_REGISTRY_HOST),
                in.intIn(EMBEDDED_REGISTRY_PORT, -1, 65_535),
                in.bool(SIM_RESUME));
    }

    private static final String KAFKA_PREFIX = "kafka.";
    /** kafka.* keys RunLoad reads itself instead of handing them to the clients. */
    private static final java.util.Set<String> OWN_KAFKA_KEYS =
            java.util.Set.of(BOOTSTRAP.key(), KAFKA_SASL_USERNAME.key(), KAFKA_SASL_PASSWORD.key());

    private static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final List<String> SASL_MECHANISMS =
            List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI");
    private static final List<String> STORE_TYPES = List.of("PEM", "JKS", "PKCS12");

    /**
     * The client properties every Kafka client gets: kafka.* keys of the properties file, then the
     * KAFKA_* settings on top. Error messages name settings and files, never a secret value.
     */
    private static KafkaClientSettings kafkaClient(Lookup in, Map<String, String> passThrough, boolean embedded) {
        Map<String, String> p = new LinkedHashMap<>(passThrough);
        String protocol = in.string(KAFKA_SECURITY_PROTOCOL).toUpperCase(Locale.ROOT);
        if (!SECURITY_PROTOCOLS.contains(protocol)) {
            throw new ConfigException("Invalid " + KAFKA_SECURITY_PROTOCOL.env() + "='" + protocol
                    + "': expected one of " + SECURITY_PROTOCOLS);
        }
        if (in.optional(KAFKA_SECURITY_PROTOCOL).isPresent()) {
            p.put("security.protocol", protocol);
        }
        in.optional(KAFKA_SASL_MECHANISM).map(m -> m.toUpperCase(Locale.ROOT)).ifPresent(m -> {
            if (!SASL_MECHANISMS.contains(m)) {
                throw new ConfigException(
                        "Invalid " + KAFKA_SASL_MECHANISM.env() + "='" + m + "': expected one of " + SASL_MECHANISMS);
            }
            p.put("sasl.mechanism", m);
        });
        Optional<String> user = in.optional(KAFKA_SASL_USERNAME);
        Optional<String> password = in.secret(KAFKA_SASL_PASSWORD, KAFKA_SASL_PASSWORD_FILE);
        Optional<String> jaas = in.secret(KAFKA_SASL_JAAS_CONFIG, KAFKA_SASL_JAAS_CONFIG_FILE);
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException(KAFKA_SASL_USERNAME.env() + " and " + KAFKA_SASL_PASSWORD.env() + " (or "
                    + KAFKA_SASL_PASSWORD_FILE.env() + ") must be set together");
        }
        if (user.isPresent() && jaas.isPresent()) {
            throw new ConfigException("Set " + KAFKA_SASL_USERNAME.env() + "/" + KAFKA_SASL_PASSWORD.env() + " or "
                    + KAFKA_SASL_JAAS_CONFIG.env() + ", not both");
        }
        jaas.ifPresent(j -> p.put("sasl.jaas.config", j));
        if (user.isPresent()) {
            String mechanism = p.getOrDefault("sasl.mechanism", "");
            String module = switch (mechanism) {
                case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                default ->
                    throw new ConfigException(KAFKA_SASL_USERNAME.env() + " needs " + KAFKA_SASL_MECHANISM.env()
                            + " PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"
                            + (mechanism.isEmpty() ? "" : ", not " + mechanism)
                            + " (other mechanisms take " + KAFKA_SASL_JAAS_CONFIG.env() + ")");
            };
            p.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + jaasQuoted(user.get()) + "\" password=\""
                            + jaasQuoted(password.get()) + "\";");
        }
        in.optional(KAFKA_OAUTH_TOKEN_URL).ifPresent(u -> p.put("sasl.oauthbearer.token.endpoint.url", u));
        in.optional(KAFKA_OAUTH_CLIENT_ID).ifPresent(id -> p.put("sasl.oauthbearer.client.credentials.client.id", id));
        in.secret(KAFKA_OAUTH_CLIENT_SECRET, KAFKA_OAUTH_CLIENT_SECRET_FILE)
                .ifPresent(v -> p.put("sasl.oauthbearer.client.credentials.client.secret", v));
        if ("OAUTHBEARER".equals(p.get("sasl.mechanism"))) {
            p.putIfAbsent(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
            if (p.containsKey("sasl.oauthbearer.token.endpoint.url")) {
                p.putIfAbsent(
                        "sasl.login.callback.handler.class",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
            }
        }
        String effectiveProtocol =
                p.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        if ((p.containsKey("sasl.jaas.config") || p.containsKey("sasl.mechanism"))
                && !effectiveProtocol.startsWith("SASL_")) {
            throw new ConfigException("SASL settings are set but " + KAFKA_SECURITY_PROTOCOL.env() + " is "
                    + effectiveProtocol + ": use SASL_SSL (or SASL_PLAINTEXT)");
        }
        store(
                in,
                p,
                "truststore",
                KAFKA_TRUSTSTORE,
                KAFKA_TRUSTSTORE_TYPE,
                in.secret(KAFKA_TRUSTSTORE_PASSWORD, KAFKA_TRUSTSTORE_PASSWORD_FILE),
                KAFKA_TRUSTSTORE_PASSWORD);
        store(
                in,
                p,
                "keystore",
                KAFKA_KEYSTORE,
                KAFKA_KEYSTORE_TYPE,
                in.secret(KAFKA_KEYSTORE_PASSWORD, KAFKA_KEYSTORE_PASSWORD_FILE),
                KAFKA_KEYSTORE_PASSWORD);
        in.secret(KAFKA_KEY_PASSWORD, KAFKA_KEY_PASSWORD_FILE).ifPresent(v -> p.put("ssl.key.password", v));
        if (embedded
                && (!effectiveProtocol.equals("PLAINTEXT")
                        || p.keySet().stream().anyMatch(k -> k.startsWith("ssl.") || k.startsWith("sasl.")))) {
            throw new ConfigException("Kafka TLS/SASL settings apply to a cluster named by " + BOOTSTRAP.env()
                    + "; the embedded broker listens on 127.0.0.1 without them");
        }
        return new KafkaClientSettings(p);
    }

    private static void store(
            Lookup in,
            Map<String, String> p,
            String kind,
            Setting location,
            Setting type,
            Optional<String> password,
            Setting passwordSetting) {
        in.optional(location).ifPresent(l -> p.put("ssl." + kind + ".location", l));
        in.optional(type).map(t -> t.toUpperCase(Locale.ROOT)).ifPresent(t -> p.put("ssl." + kind + ".type", t));
        password.ifPresent(v -> p.put("ssl." + kind + ".password", v));
        String path = p.get("ssl." + kind + ".location");
        if (path == null) {
            return;
        }
        if (!Files.isReadable(Path.of(path))) {
            throw new ConfigException("Cannot read " + location.env() + "=" + path);
        }
        if (!p.containsKey("ssl." + kind + ".type")) {
            String name = path.toLowerCase(Locale.ROOT);
            if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
                p.put("ssl." + kind + ".type", "PEM");
            } else if (name.endsWith(".jks")) {
                p.put("ssl." + kind + ".type", "JKS");
            } else if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                p.put("ssl." + kind + ".type", "PKCS12");
            }
        }
        String storeType = p.getOrDefault("ssl." + kind + ".type", "JKS");
        if (!STORE_TYPES.contains(storeType)) {
            throw new ConfigException("Invalid " + type.env() + "='" + storeType + "': expected one of " + STORE_TYPES);
        }
        if (storeType.equals("PEM") && p.containsKey("ssl." + kind + ".password")) {
            throw new ConfigException(passwordSetting.env() + " is not used with a PEM " + kind + " (" + location.env()
                    + "=" + path + "); leave it unset");
        }
    }

    /** A value inside a JAAS double-quoted string: backslash and quote escaped. */
    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The record's fields, with secret values in the pass-through properties hidden. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RunLoadConfig[");
        var components = RunLoadConfig.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            try {
                Object value = components[i].getAccessor().invoke(this);
                if (value instanceof Map<?, ?> map) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    map.forEach((k, v) -> named.put(String.valueOf(k), v));
                    value = SecretRedaction.redact(named);
                } else if (components[i].getName().equals("schemaRegistryUrl") && value instanceof String url) {
                    value = io.runload.serde.RegistryUrl.redact(url);
                }
                s.append(i == 0 ? "" : ", ")
                        .append(components[i].getName())
                        .append('=')
                        .append(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return s.append(']').toString();
    }

    private static HttpServerSettings httpSettings(Lookup in, boolean embedded, boolean routesToPeers) {
        String host = in.optional(HTTP_HOST).orElse(embedded ? "127.0.0.1" : "0.0.0.0");
        Optional<Path> keys = in.optional(API_KEYS_FILE).map(Path::of);
        Optional<Path> peerSecret = in.optional(PEER_SECRET_FILE).map(Path::of);
        Optional<JwtVerifier.Settings> jwt = Optional.empty();
        if (in.optional(JWKS_URL).isPresent()) {
            String url = in.string(JWKS_URL);
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigException("Invalid " + JWKS_URL.env() + "='" + url + "': expected an http(s) URL");
            }
            if (in.optional(JWT_ISSUER).isEmpty() || in.optional(JWT_AUDIENCE).isEmpty()) {
                throw new ConfigException(JWKS_URL.env() + " needs " + JWT_ISSUER.env() + " and " + JWT_AUDIENCE.env());
            }
            jwt = Optional.of(new JwtVerifier.Settings(
                    in.parsed(JWKS_URL, URI::create, "an http(s) URL"),
                    in.string(JWT_ISSUER),
                    in.string(JWT_AUDIENCE)));
        }
        String auth = in.optional(API_AUTH)
                .orElse(keys.isPresent() || jwt.isPresent() ? "keys" : "")
                .toLowerCase(Locale.ROOT);
        HttpServerSettings.AuthMode mode;
        switch (auth) {
            case "keys" -> {
                if (keys.isEmpty() && jwt.isEmpty()) {
                    throw new ConfigException(
                            API_AUTH.env() + "=keys needs " + API_KEYS_FILE.env() + " or " + JWKS_URL.env());
                }
                mode = HttpServerSettings.AuthMode.KEYS;
            }
            case "none" -> mode = HttpServerSettings.AuthMode.NONE;
            // Refused off loopback by requireServableApi() when the API starts, not here: commands that
            // serve nothing (import, erase, replay-dlq) read the same configuration.
            case "" -> mode = HttpServerSettings.AuthMode.UNCONFIGURED;
            default ->
                throw new ConfigException("Invalid " + API_AUTH.env() + "='" + auth + "': expected keys or none");
        }
        if (mode == HttpServerSettings.AuthMode.KEYS && routesToPeers && peerSecret.isEmpty()) {
            throw new ConfigException(PEER_SECRET_FILE.env() + " must be set when API keys and " + APP_SERVER.env()
                    + " are: instances sign the queries they relay to each other with it");
        }
        Optional<Path> keyStore = in.optional(TLS_KEYSTORE).map(Path::of);
        Optional<Path> cert = in.optional(TLS_CERT).map(Path::of);
        Optional<Path> key = in.optional(TLS_KEY).map(Path::of);
        if (keyStore.isPresent() && (cert.isPresent() || key.isPresent())) {
            throw new ConfigException(
                    "Set either " + TLS_KEYSTORE.env() + " or " + TLS_CERT.env() + "/" + TLS_KEY.env() + ", not both");
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(TLS_CERT.env() + " and " + TLS_KEY.env() + " go together");
        }
        Optional<HttpServerSettings.Tls> tls = keyStore.isPresent() || cert.isPresent()
                ? Optional.of(new HttpServerSettings.Tls(
                        keyStore,
                        in.string(TLS_KEYSTORE_PASSWORD),
                        cert,
                        key,
                        in.optional(TLS_TRUST).map(Path::of)))
                : Optional.empty();
        Optional<Integer> managementPort = in.optional(MANAGEMENT_PORT).isPresent()
                ? Optional.of(in.intIn(MANAGEMENT_PORT, 0, 65_535))
                : Optional.empty();
        return new HttpServerSettings(
                host,
                in.intIn(HTTP_PORT, 0, 65_535),
                in.optional(MANAGEMENT_HOST).orElse(host),
                managementPort,
                mode,
                keys,
                jwt,
                peerSecret,
                tls,
                in.positiveDuration(HTTP_IDLE_TIMEOUT, "PT30S"),
                in.positiveDuration(HTTP_HEADER_TIMEOUT, "PT10S"),
                in.positiveDuration(HTTP_REQUEST_TIMEOUT, "PT10S"),
                in.intIn(HTTP_MAX_HEADER_BYTES, 1024, 1 << 20),
                in.longIn(HTTP_MAX_BODY_BYTES, 0, 1L << 30),
                in.intIn(HTTP_MAX_CONNECTIONS, 16, 1_000_000),
                in.intIn(HTTP_THREADS, 8, 1_000));
    }

    /** Whether {@code host} names only this machine; a name is resolved, and one that does not resolve is not loopback. */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Registry settings that carry secrets; each may instead be read once from the file named by
     * {@code <ENV>_FILE}. The bearer token's {@code _FILE} is a setting of its own, read again when the file changes.
     */
    private static final List<Setting> REGISTRY_SECRETS = List.of(
            REGISTRY_USER_INFO, REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_KEYSTORE_PASSWORD, REGISTRY_KEY_PASSWORD);

    /**
     * The registry client's keys: every {@code schema.registry.*} key of the properties file (so any
     * of Confluent's client keys, e.g. inline PEM {@code schema.registry.ssl.truststore.certificates},
     * can be given), then the typed settings above from the environment, which win.
     */
    private static RegistryClientProperties registryClient(
            Lookup in, Map<String, String> env, Properties file, Properties overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Properties source : List.of(file, overrides)) {
            for (String name : source.stringPropertyNames()) {
                if (name.startsWith("schema.registry.") && !name.equals(REGISTRY.key())) {
                    values.put(name, source.getProperty(name).trim());
                }
            }
        }
        List<Setting> typed = List.of(
                REGISTRY_BASIC_AUTH_SOURCE,
                REGISTRY_USER_INFO,
                REGISTRY_BEARER_TOKEN,
                REGISTRY_BEARER_TOKEN_FILE,
                REGISTRY_TRUSTSTORE,
                REGISTRY_TRUSTSTORE_TYPE,
                REGISTRY_TRUSTSTORE_PASSWORD,
                REGISTRY_KEYSTORE,
                REGISTRY_KEYSTORE_TYPE,
                REGISTRY_KEYSTORE_PASSWORD,
                REGISTRY_KEY_PASSWORD,
                REGISTRY_MISSING_ID_TTL);
        for (Setting s : typed) {
            Optional<String> value = in.optional(s);
            String fileVariable = s.env() + "_FILE";
            if (REGISTRY_SECRETS.contains(s)
                    && env.get(fileVariable) != null
                    && !env.get(fileVariable).isBlank()) {
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
        String source = values.getOrDefault(REGISTRY_BASIC_AUTH_SOURCE.key(), "USER_INFO")
                .toUpperCase(Locale.ROOT);
        if (!source.equals("USER_INFO") && !source.equals("URL")) {
            throw new ConfigException(
                    "Invalid " + REGISTRY_BASIC_AUTH_SOURCE.env() + "='" + source + "': expected USER_INFO or URL");
        }
        if (values.containsKey(REGISTRY_BEARER_TOKEN.key()) && values.containsKey(REGISTRY_BEARER_TOKEN_FILE.key())) {
            throw new ConfigException("Set either " + REGISTRY_BEARER_TOKEN.env() + " or "
                    + REGISTRY_BEARER_TOKEN_FILE.env() + ", not both");
        }
        boolean basic = values.containsKey(REGISTRY_USER_INFO.key()) || source.equals("URL");
        if (basic
                && (values.containsKey(REGISTRY_BEARER_TOKEN.key())
                        || values.containsKey(REGISTRY_BEARER_TOKEN_FILE.key()))) {
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
            throw new ConfigException("Invalid " + REGISTRY_MISSING_ID_TTL.env() + "='" + ttl
                    + "': expected a whole number of seconds >= 0");
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

        /** A secret given directly or as a file that holds it (never both); the value is never put in a message. */
        Optional<String> secret(Setting value, Setting file) {
            Optional<String> direct = optional(value);
            Optional<String> path = optional(file);
            if (direct.isPresent() && path.isPresent()) {
                throw new ConfigException("Set " + value.env() + " or " + file.env() + ", not both");
            }
            if (path.isEmpty()) {
                return direct;
            }
            try {
                String content = Files.readString(Path.of(path.get())).replaceAll("[\\r\\n]+$", "");
                if (content.isEmpty()) {
                    throw new ConfigException(file.env() + "=" + path.get() + " is empty");
                }
                return Optional.of(content);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ConfigException c) {
                    throw c;
                }
                throw new ConfigException("Cannot read " + file.env() + "=" + path.get() + ": "
                        + e.getClass().getSimpleName());
            }
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
            return parsed(
                    s,
                    v -> {
                        Duration d = Duration.parse(v);
                        if (d.isNegative() || (positive && d.isZero())) {
                            throw new IllegalArgumentException("out of range");
                        }
                        return d;
                    },
                    expected);
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
