package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.metrics.RunLoadMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one Kafka client configuration: where its values come from, how it is checked, and that secrets stay hidden. */
class KafkaClientSettingsTest {

    private static final String PASSWORD = "s3cr3t-\"quoted\"-\\back";

    @TempDir
    Path dir;

    private static Map<String, String> cluster() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093");
        env.put("SCHEMA_REGISTRY_URL", "http://registry:8081");
        return env;
    }

    @Test
    void scramUserAndPasswordFromAFileBecomeAJaasConfigThatKafkaParsesBack() throws Exception {
        Path secret = dir.resolve("password");
        Files.writeString(secret, PASSWORD + "\n");
        Map<String, String> env = cluster();
        env.put("KAFKA_SECURITY_PROTOCOL", "sasl_ssl");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", "runload");
        env.put("KAFKA_SASL_PASSWORD_FILE", secret.toString());

        KafkaClientSettings client = RunLoadConfig.load(env, new Properties()).kafkaClient();

        assertThat(client.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // Kafka's own JAAS parser reads back exactly the user and the password, quotes and backslash included.
        AppConfigurationEntry entry = JaasContext.loadClientContext(Map.of(
                        "sasl.jaas.config", new Password(client.properties().get("sasl.jaas.config"))))
                .configurationEntries()
                .get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getOptions().get("username")).isEqualTo("runload");
        assertThat(entry.getOptions().get("password")).isEqualTo(PASSWORD);
        assertThat(client.saslUser()).contains("runload");
        assertThat(client.describeSecurity()).isEqualTo("SASL_SSL, SCRAM-SHA-512 user 'runload'");
        assertThat(client.secretValues()).contains(PASSWORD);
    }

    @Test
    void oauthBearerClientCredentialsNeedOnlyTheEndpointTheClientAndItsSecret() throws Exception {
        Path secret = Files.writeString(dir.resolve("client-secret"), "oauth-s3cr3t\n");
        Map<String, String> env = cluster();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "OAUTHBEARER");
        env.put("KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL", "https://idp.example/oauth2/token");
        env.put("KAFKA_SASL_OAUTHBEARER_CLIENT_ID", "runload-app");
        env.put("KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE", secret.toString());
        KafkaClientSettings client = RunLoadConfig.load(env, new Properties()).kafkaClient();
        assertThat(client.properties())
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")
                .containsEntry(
                        "sasl.login.callback.handler.class",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler")
                .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://idp.example/oauth2/token")
                .containsEntry("sasl.oauthbearer.client.credentials.client.secret", "oauth-s3cr3t");
        // Kafka's own config definition knows every key RunLoad sets.
        assertThat(org.apache.kafka.clients.producer.ProducerConfig.configNames())
                .containsAll(client.properties().keySet());
        assertThat(client.describeSecurity()).isEqualTo("SASL_SSL, OAUTHBEARER user 'runload-app'");
        assertThat(client.toString()).doesNotContain("oauth-s3cr3t");
        assertThat(client.secretValues()).contains("oauth-s3cr3t");
    }

    @Test
    void printedConfigurationNeverShowsASecret() {
        Map<String, String> env = cluster();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "PLAIN");
        env.put("KAFKA_SASL_USERNAME", "runload");
        env.put("KAFKA_SASL_PASSWORD", PASSWORD);
        Properties overrides = new Properties();
        overrides.setProperty("streams.ssl.key.password", "streams-key-secret");
        overrides.setProperty("kafka.sasl.oauthbearer.client.credentials.client.secret", "oauth-client-secret");
        RunLoadConfig config = RunLoadConfig.load(env, overrides);

        for (String printed : new String[] {
            config.toString(),
            config.kafkaClient().toString(),
            config.kafkaClient().describeSecurity()
        }) {
            assertThat(printed)
                    .doesNotContain("s3cr3t")
                    .doesNotContain("streams-key-secret")
                    .doesNotContain("oauth-client-secret");
        }
        assertThat(config.kafkaClient().toString())
                .contains("sasl.jaas.config=[hidden]")
                .contains("security.protocol=SASL_SSL");
        assertThat(config.toString()).contains("ssl.key.password=[hidden]");
    }

    @Test
    void kafkaPrefixedKeysReachEveryClientAndStreamsKeysWinForStreams() throws Exception {
        Path file = dir.resolve("runload.properties");
        Path trust = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(
                file,
                String.join(
                                "\n",
                                "kafka.bootstrap.servers=broker-1:9093",
                                "schema.registry.url=http://registry:8081",
                                "kafka.security.protocol=SSL",
                                "kafka.ssl.truststore.location=" + trust,
                                "kafka.client.dns.lookup=use_all_dns_ips",
                                "kafka.ssl.endpoint.identification.algorithm=",
                                "streams.client.dns.lookup=default")
                        + "\n");
        RunLoadConfig config = RunLoadConfig.load(Map.of("RUNLOAD_CONFIG_FILE", file.toString()), new Properties());
        KafkaClientSettings client = config.kafkaClient();

        assertThat(client.properties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .doesNotContainKey("bootstrap.servers");
        Map<String, Object> producer =
                client.forClient("other:9093", Map.of("acks", "all", "client.dns.lookup", "default"));
        assertThat(producer)
                .containsEntry("bootstrap.servers", "other:9093")
                .containsEntry("acks", "all")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("security.protocol", "SSL");
        assertThat(client.forAdmin("other:9093")).containsEntry("ssl.truststore.location", trust.toString());

        Properties streams = RunLoadApplication.streamsProperties(config, "other:9093", RunLoadMetrics.prometheus());
        assertThat(streams)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("client.dns.lookup", "default")
                .containsEntry("bootstrap.servers", "other:9093");
    }

    @Test
    void storeTypesFollowTheFileNameUnlessGiven() throws Exception {
        Path p12 = Files.writeString(dir.resolve("client.p12"), "x");
        Path jks = Files.writeString(dir.resolve("trust.jks"), "x");
        Path storePassword = Files.writeString(dir.resolve("store-password"), "changeit\r\n");
        Map<String, String> env = cluster();
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", p12.toString());
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD_FILE", storePassword.toString());
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", jks.toString());
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "trustpass");
        KafkaClientSettings client = RunLoadConfig.load(env, new Properties()).kafkaClient();
        assertThat(client.properties())
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "changeit")
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.truststore.password", "trustpass");
        assertThat(client.describeSecurity()).isEqualTo("SSL, TLS client certificate");

        env.put("KAFKA_SSL_KEYSTORE_TYPE", "jks");
        assertThat(RunLoadConfig.load(env, new Properties()).kafkaClient().properties())
                .containsEntry("ssl.keystore.type", "JKS");
    }

    @Test
    void mistakesAreOneLineErrorsThatNameTheSettingAndNoSecret() throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "x");
        assertBad(
                Map.of("KAFKA_SECURITY_PROTOCOL", "TLS"),
                "Invalid KAFKA_SECURITY_PROTOCOL='TLS': expected one of [PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL]");
        assertBad(
                Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-1"),
                "Invalid KAFKA_SASL_MECHANISM='SCRAM-SHA-1'");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_MECHANISM",
                        "PLAIN",
                        "KAFKA_SASL_USERNAME",
                        "u"),
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE) must be set together");
        assertBad(
                Map.of("KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", PASSWORD),
                "SASL settings are set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT: use SASL_SSL (or SASL_PLAINTEXT)");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD",
                        PASSWORD),
                "KAFKA_SASL_USERNAME needs KAFKA_SASL_MECHANISM PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_MECHANISM",
                        "PLAIN",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD",
                        PASSWORD,
                        "KAFKA_SASL_PASSWORD_FILE",
                        pem.toString()),
                "Set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL",
                        "KAFKA_SASL_MECHANISM",
                        "PLAIN",
                        "KAFKA_SASL_USERNAME",
                        "u",
                        "KAFKA_SASL_PASSWORD_FILE",
                        dir.resolve("missing").toString()),
                "Cannot read KAFKA_SASL_PASSWORD_FILE=" + dir.resolve("missing") + ": NoSuchFileException");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION",
                        dir.resolve("nope.jks").toString()),
                "Cannot read KAFKA_SSL_TRUSTSTORE_LOCATION=" + dir.resolve("nope.jks"));
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION",
                        pem.toString(),
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD",
                        PASSWORD),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD is not used with a PEM truststore (KAFKA_SSL_TRUSTSTORE_LOCATION=" + pem
                        + "); leave it unset");
        assertBad(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL",
                        "SSL",
                        "KAFKA_SSL_KEYSTORE_LOCATION",
                        pem.toString(),
                        "KAFKA_SSL_KEYSTORE_TYPE",
                        "P12"),
                "Invalid KAFKA_SSL_KEYSTORE_TYPE='P12': expected one of [PEM, JKS, PKCS12]");
    }

    @Test
    void theEmbeddedBrokerTakesNoSecuritySettings() {
        assertThatThrownBy(() -> RunLoadConfig.load(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Kafka TLS/SASL settings apply to a cluster named by KAFKA_BOOTSTRAP_SERVERS; the embedded broker listens on 127.0.0.1 without them");
        Properties tuning = new Properties();
        tuning.setProperty("kafka.client.dns.lookup", "use_all_dns_ips");
        assertThat(RunLoadConfig.load(Map.of(), tuning).kafkaClient().properties())
                .containsEntry("client.dns.lookup", "use_all_dns_ips");
    }

    @Test
    void clientFailuresBecomeOneLineWithoutTheSecret() {
        Map<String, String> env = cluster();
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", "runload");
        env.put("KAFKA_SASL_PASSWORD", PASSWORD);
        KafkaClientSettings client = RunLoadConfig.load(env, new Properties()).kafkaClient();

        // A message that echoes the password (no Kafka message does today; the guard is for one that might).
        RuntimeException auth = KafkaClientFailure.describe(
                "create RunLoad topics",
                new ExecutionException(
                        new SaslAuthenticationException("Authentication failed for password " + PASSWORD)),
                client,
                "broker-1:9093");
        assertThat(auth).isInstanceOf(ConfigException.class).hasNoCause();
        assertThat(auth.getMessage())
                .isEqualTo(
                        "Kafka authentication failed for SCRAM-SHA-512 user 'runload' at broker-1:9093: Authentication failed for password [hidden]");

        RuntimeException tls = KafkaClientFailure.describe(
                "create RunLoad topics",
                new SslAuthenticationException(
                        "SSL handshake failed", new javax.net.ssl.SSLHandshakeException("PKIX path building failed")),
                client,
                "broker-1:9093");
        assertThat(tls)
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Kafka TLS handshake failed at broker-1:9093 (SASL_SSL, SCRAM-SHA-512 user 'runload'): SSL handshake failed: PKIX path building failed");

        RuntimeException silent = KafkaClientFailure.describe(
                "create or describe RunLoad topics", new TimeoutException(), client, "broker-1:9093");
        assertThat(silent.getMessage())
                .isEqualTo(
                        "Kafka at broker-1:9093 did not answer while trying to create or describe RunLoad topics "
                                + "(SASL_SSL, SCRAM-SHA-512 user 'runload'): check the address, and that this listener expects SASL_SSL");

        RuntimeException missingTopic = KafkaClientFailure.describe(
                "reach t1",
                new org.apache.kafka.common.errors.TimeoutException("Topic t1 not present in metadata after 30000 ms."),
                client,
                "broker-1:9093");
        assertThat(missingTopic.getMessage())
                .isEqualTo("Kafka at broker-1:9093 did not answer while trying to reach t1 "
                        + "(SASL_SSL, SCRAM-SHA-512 user 'runload'): Topic t1 not present in metadata after 30000 ms.");

        RuntimeException denied = KafkaClientFailure.describe(
                "create RunLoad topics",
                new ExecutionException(
                        new TopicAuthorizationException("Not authorized to access topics: [runload.runs.v1]")),
                client,
                "b:1");
        assertThat(denied.getMessage())
                .isEqualTo(
                        "Kafka at b:1 (SASL_SSL, SCRAM-SHA-512 user 'runload') denied RunLoad to create RunLoad topics: "
                                + "Not authorized to access topics: [runload.runs.v1]");
    }

    private static void assertBad(Map<String, String> settings, String expected) {
        Map<String, String> env = cluster();
        env.putAll(settings);
        assertThatThrownBy(() -> RunLoadConfig.load(env, new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("s3cr3t");
                });
    }
}
