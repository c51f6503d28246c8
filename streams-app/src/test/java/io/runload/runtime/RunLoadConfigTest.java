package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.http.HttpServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLoadConfigTest {

    @Test
    void defaultsStartTheEmbeddedDemo() {
        RunLoadConfig c = RunLoadConfig.load(Map.of(), new Properties());
        assertThat(c.embedded()).isTrue();
        assertThat(c.simulatorEnabled()).isTrue();
        assertThat(c.schemaRegistryUrl()).isEqualTo("mock://runload");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.embeddedKafkaPort()).isEqualTo(9092);
        assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.lateGrace()).isEqualTo(Duration.ofDays(7));
        assertThat(c.topics().hrSamples()).isEqualTo("runload.hr-samples.v1");
        assertThat(c.stateDir()).isEqualTo(Path.of("runload-data", "state"));
    }

    @Test
    void aRealClusterNeedsARegistryAndTurnsTheSimulatorOff() {
        assertThatThrownBy(() -> RunLoadConfig.load(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SCHEMA_REGISTRY_URL");
        RunLoadConfig c = RunLoadConfig.load(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "SCHEMA_REGISTRY_URL",
                        "http://r:8081",
                        "RUNLOAD_API_KEYS_FILE",
                        "/etc/runload/api-keys"),
                new Properties());
        assertThat(c.embedded()).isFalse();
        assertThat(c.simulatorEnabled()).isFalse();
        assertThat(c.bootstrapServers()).contains("k:9092");
    }

    @Test
    void theDemoServesLoopbackWithoutAuthAndAClusterInstanceRefusesToServeWithoutIt() {
        RunLoadConfig demo = RunLoadConfig.load(Map.of(), new Properties());
        assertThat(demo.httpHost()).isEqualTo("127.0.0.1");
        assertThat(demo.http().auth()).isEqualTo(HttpServerSettings.AuthMode.UNCONFIGURED);
        demo.requireServableApi();
        assertThat(demo.http().managementPort()).isEmpty();

        Map<String, String> cluster =
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "SCHEMA_REGISTRY_URL", "http://r:8081");
        // Commands that serve nothing (import, erase) read the same settings: only serving is refused.
        RunLoadConfig open = RunLoadConfig.load(cluster, new Properties());
        assertThatThrownBy(open::requireServableApi)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("will not serve athlete data on RUNLOAD_HTTP_HOST=0.0.0.0 without authentication")
                .hasMessageContaining("RUNLOAD_API_KEYS_FILE")
                .hasMessageContaining("RUNLOAD_API_AUTH=none");
        assertThatThrownBy(() -> RunLoadConfig.load(Map.of("RUNLOAD_HTTP_HOST", "0.0.0.0"), new Properties())
                        .requireServableApi())
                .isInstanceOf(ConfigException.class);
        RunLoadConfig named = RunLoadConfig.load(with(cluster, "RUNLOAD_API_AUTH", "none"), new Properties());
        assertThat(named.http().auth()).isEqualTo(HttpServerSettings.AuthMode.NONE);
        named.requireServableApi();
        RunLoadConfig local = RunLoadConfig.load(with(cluster, "RUNLOAD_HTTP_HOST", "localhost"), new Properties());
        assertThat(local.http().auth()).isEqualTo(HttpServerSettings.AuthMode.UNCONFIGURED);
        local.requireServableApi();

        RunLoadConfig keys = RunLoadConfig.load(with(cluster, "RUNLOAD_API_KEYS_FILE", "/s/keys"), new Properties());
        assertThat(keys.httpHost()).isEqualTo("0.0.0.0");
        assertThat(keys.http().auth()).isEqualTo(HttpServerSettings.AuthMode.KEYS);
        assertThat(keys.http().apiKeysFile()).contains(Path.of("/s/keys"));
        assertThatThrownBy(() -> RunLoadConfig.load(
                        with(with(cluster, "RUNLOAD_API_KEYS_FILE", "/s/keys"), "RUNLOAD_APPLICATION_SERVER", "h:8080"),
                        new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RUNLOAD_PEER_SECRET_FILE");
        assertBad("RUNLOAD_API_AUTH", "keys", "RUNLOAD_API_AUTH=keys needs RUNLOAD_API_KEYS_FILE");
        assertBad("RUNLOAD_API_AUTH", "maybe", "Invalid RUNLOAD_API_AUTH='maybe'");
        assertBad("RUNLOAD_TLS_CERT", "/c.pem", "RUNLOAD_TLS_CERT and RUNLOAD_TLS_KEY go together");
        assertBad("RUNLOAD_HTTP_HEADER_TIMEOUT", "PT0S", "RUNLOAD_HTTP_HEADER_TIMEOUT");
        assertBad(
                "RUNLOAD_API_JWKS_URL",
                "https://id.example/jwks",
                "RUNLOAD_API_JWKS_URL needs RUNLOAD_API_JWT_ISSUER and RUNLOAD_API_JWT_AUDIENCE");
        assertBad("RUNLOAD_API_JWKS_URL", "file:///etc/passwd", "expected an http(s) URL");
        RunLoadConfig jwt = RunLoadConfig.load(
                with(
                        with(
                                with(cluster, "RUNLOAD_API_JWKS_URL", "https://id.example/jwks"),
                                "RUNLOAD_API_JWT_ISSUER",
                                "https://id.example"),
                        "RUNLOAD_API_JWT_AUDIENCE",
                        "runload-api"),
                new Properties());
        assertThat(jwt.http().auth())
                .as("a JWKS URL alone makes authentication required")
                .isEqualTo(HttpServerSettings.AuthMode.KEYS);
        assertThat(jwt.http().jwt().orElseThrow().audience()).isEqualTo("runload-api");

        RunLoadConfig split = RunLoadConfig.load(
                Map.of(
                        "RUNLOAD_MANAGEMENT_PORT",
                        "9090",
                        "RUNLOAD_MANAGEMENT_HOST",
                        "0.0.0.0",
                        "RUNLOAD_TLS_CERT",
                        "/c.pem",
                        "RUNLOAD_TLS_KEY",
                        "/k.pem"),
                new Properties());
        assertThat(split.http().managementPort()).contains(9090);
        assertThat(split.http().managementHost()).isEqualTo("0.0.0.0");
        assertThat(split.http().tls()).isPresent();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void badValuesNameTheSettingInOneLine() {
        assertBad(
                "RUNLOAD_HTTP_PORT",
                "eighty",
                "Invalid RUNLOAD_HTTP_PORT='eighty': expected an integer from 0 to 65535");
        assertBad("RUNLOAD_HTTP_PORT", "70000", "Invalid RUNLOAD_HTTP_PORT='70000'");
        assertBad("RUNLOAD_PROCESSING_GUARANTEE", "maybe_once", "RUNLOAD_PROCESSING_GUARANTEE");
        assertBad("RUNLOAD_LATE_GRACE", "7 days", "RUNLOAD_LATE_GRACE");
        assertBad(
                "RUNLOAD_LATE_HR_WATCH",
                "-PT1H",
                "Invalid RUNLOAD_LATE_HR_WATCH='-PT1H': expected a non-negative ISO-8601 duration such as PT1H");
        assertBad(
                "RUNLOAD_HR_RETENTION",
                "PT0S",
                "Invalid RUNLOAD_HR_RETENTION='PT0S': expected a positive ISO-8601 duration");
        assertBad("RUNLOAD_SIMULATOR_ENABLED", "perhaps", "RUNLOAD_SIMULATOR_ENABLED");
        assertBad("RUNLOAD_TOPIC_PREFIX", "bad prefix/", "RUNLOAD_TOPIC_PREFIX");
        assertBad("RUNLOAD_APPLICATION_SERVER", "nohostport", "RUNLOAD_APPLICATION_SERVER");
        assertBad("SCHEMA_REGISTRY_URL", "ftp://x", "SCHEMA_REGISTRY_URL");
    }

    @Test
    void environmentWinsOverFileWhichWinsOverDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runload.properties");
        Files.writeString(file, "runload.http.port=9000\nrunload.topic.partitions=8\nstreams.max.task.idle.ms=5\n");
        RunLoadConfig c = RunLoadConfig.load(
                Map.of("RUNLOAD_CONFIG_FILE", file.toString(), "RUNLOAD_HTTP_PORT", "9100"), new Properties());
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.topicPartitions()).isEqualTo(8);
        assertThat(c.extraStreamsProperties()).containsEntry("max.task.idle.ms", "5");
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertThatThrownBy(() -> RunLoadConfig.load(
                        Map.of("RUNLOAD_CONFIG_FILE", "/nonexistent/x.properties"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read RUNLOAD_CONFIG_FILE=/nonexistent/x.properties");
    }

    @Test
    void everySettingHasDocumentation() {
        assertThat(RunLoadConfig.settings()).allSatisfy(s -> assertThat(s.doc()).isNotBlank());
    }

    private static void assertBad(String env, String value, String expectedMessagePart) {
        assertThatThrownBy(() -> RunLoadConfig.load(Map.of(env, value), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expectedMessagePart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void registryCredentialsComeFromTheEnvironmentFilesOrThePropertiesFileAndAreNeverPrinted(@TempDir Path dir)
            throws Exception {
        Path secret = dir.resolve("user-info");
        Files.writeString(secret, "svc:from-a-file\n");
        Path file = dir.resolve("runload.properties");
        Files.writeString(file, """
                schema.registry.ssl.truststore.type=PEM
                schema.registry.ssl.truststore.location=/etc/ca.pem
                schema.registry.http.read.timeout.ms=2500
                schema.registry.url=http://ignored:1
                """);
        RunLoadConfig c = RunLoadConfig.load(
                Map.of(
                        "RUNLOAD_CONFIG_FILE",
                        file.toString(),
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "k:9092",
                        "SCHEMA_REGISTRY_URL",
                        "https://r:8081",
                        "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO_FILE",
                        secret.toString(),
                        "SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE",
                        "JKS",
                        "SCHEMA_REGISTRY_MISSING_ID_CACHE_TTL_SEC",
                        "5"),
                new Properties());

        assertThat(c.registryClientConfig())
                .containsEntry("schema.registry.url", "https://r:8081")
                .containsEntry("schema.registry.basic.auth.user.info", "svc:from-a-file")
                .containsEntry("schema.registry.ssl.truststore.type", "JKS")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/ca.pem")
                .containsEntry("schema.registry.http.read.timeout.ms", "2500")
                .containsEntry("schema.registry.missing.id.cache.ttl.sec", "5");
        assertThat(c.toString()).doesNotContain("from-a-file");
        var settings = io.runload.serde.HttpRegistrySettings.fromConfig(c.registryClientConfig());
        assertThat(settings.userInfo()).contains("svc:from-a-file");
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.ssl()).containsEntry("ssl.truststore.type", "JKS");
        assertThat(settings.missingIdCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badRegistrySettingsFailInOneLineWithoutTheSecret() {
        assertThatThrownBy(() -> RunLoadConfig.load(
                        Map.of("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "no-colon-secret"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO: expected user:password");
        assertThatThrownBy(
                        () -> RunLoadConfig.load(Map.of("SCHEMA_REGISTRY_URL", "ftp://u:pw-xyz@h"), new Properties()))
                .hasMessageNotContaining("pw-xyz");
        assertThatThrownBy(() -> RunLoadConfig.load(
                        Map.of(
                                "SCHEMA_REGISTRY_BEARER_AUTH_TOKEN",
                                "t",
                                "SCHEMA_REGISTRY_BEARER_AUTH_TOKEN_FILE",
                                "/nonexistent"),
                        new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SCHEMA_REGISTRY_BEARER_AUTH_TOKEN");
        assertBad("RUNLOAD_EMBEDDED_REGISTRY_PORT", "99999", "RUNLOAD_EMBEDDED_REGISTRY_PORT");
    }
}
