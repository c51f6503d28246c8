package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runload.avro.HeartRateSample;
import io.runload.runtime.RegistryReadiness;
import io.runload.topology.TopicNames;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry credentials (basic, bearer, from the URL), TLS stores, and what failures print. */
class RegistryAuthenticationTest {

    private static final Schema HR = HeartRateSample.getClassSchema();
    private static final String SUBJECT = "runload.hr-samples.v1-value";
    private static final HttpRegistrySettings FAST = HttpRegistrySettings.defaults()
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3))
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20));

    @TempDir
    Path dir;

    private FakeConfluentRegistry server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void staticBearerTokenIsSent() throws Exception {
        server = new FakeConfluentRegistry();
        server.requireAuthorization("Bearer tok-123");
        SchemaRegistryClient client = SchemaRegistryClients.create(
                server.url().toString(),
                Map.of(
                        "schema.registry.bearer.auth.credentials.source",
                        "STATIC_TOKEN",
                        "schema.registry.bearer.auth.token",
                        "tok-123"));
        assertThat(client.register(SUBJECT, HR)).isEqualTo(1);
    }

    @Test
    void bearerTokenFileIsReadAgainWhenItChanges() throws Exception {
        server = new FakeConfluentRegistry();
        Path token = dir.resolve("token");
        Files.writeString(token, "first-token\n");
        SchemaRegistryClient client = SchemaRegistryClients.create(
                server.url().toString(),
                Map.of("schema.registry.bearer.auth.token.file", token.toString(), "max.retries", 0));
        server.requireAuthorization("Bearer first-token");
        client.register(SUBJECT, HR);

        // Rotation: the registry now wants the new token, which lands in the same file.
        server.requireAuthorization("Bearer second-token-longer");
        Files.writeString(token, "second-token-longer\n");
        Files.setLastModifiedTime(token, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(client.register("runload.runs.v1-value", HR)).isEqualTo(1);
        assertThat(server.requests())
                .extracting(FakeConfluentRegistry.Request::authorization)
                .containsExactly("Bearer first-token", "Bearer second-token-longer");
    }

    @Test
    void wrongCredentialsGiveOneLineWithoutTheSecret() throws Exception {
        server = new FakeConfluentRegistry();
        server.requireAuthorization("Basic "
                + java.util.Base64.getEncoder().encodeToString("runload:right".getBytes(StandardCharsets.UTF_8)));
        String url = "http://runload:wrong-pass@127.0.0.1:" + server.url().getPort();
        SchemaRegistryClient client =
                SchemaRegistryClients.create(url, Map.of("basic.auth.credentials.source", "URL", "max.retries", 0));

        Throwable e = catchThrowable(() -> RegistryReadiness.awaitReachable(
                client, url, new TopicNames("runload."), true, 5, Duration.ofMillis(10)));

        assertThat(e.getMessage())
                .contains("refused RunLoad's credentials (HTTP 401 Unauthorized, authentication basic (URL))")
                .contains("http://127.0.0.1:" + server.url().getPort())
                .doesNotContain("wrong-pass")
                .doesNotContain("\n");
        // Not retried: waiting does not fix credentials.
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void urlCredentialsAreRedactedInReadinessFailures() {
        String url = "http://alice:s3cret@127.0.0.1:1,https://bob:hunter2@registry.example:8081/base";
        assertThat(RegistryUrl.redact(url)).isEqualTo("http://***@127.0.0.1:1,https://***@registry.example:8081/base");
        assertThat(RegistryUrl.redact("Schema registry at http://u:p@h:1 is unreachable"))
                .isEqualTo("Schema registry at http://***@h:1 is unreachable");
        assertThat(RegistryUrl.redact("mock://runload")).isEqualTo("mock://runload");

        SchemaRegistryClient nowhere = SchemaRegistryClients.create(
                url, Map.of("basic.auth.credentials.source", "URL", "max.retries", 0, "http.connect.timeout.ms", 500));
        Throwable e = catchThrowable(() -> RegistryReadiness.awaitReachable(
                nowhere, url, new TopicNames("runload."), true, 1, Duration.ofMillis(1)));
        assertThat(e).hasMessageContaining("Schema registry at http://***@127.0.0.1:1");
        assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("hunter2");
    }

    @Test
    void deadLetterHeadersNeverCarryUrlCredentials() {
        var headers = io.runload.topology.DeadLetterHeaders.describe(
                null,
                "runload.runs.v1",
                0,
                7,
                "validate-runs",
                new IllegalStateException(
                        "cannot get writer schema id 9 from https://svc:pa55word@registry:8081/schemas/ids/9"),
                "registry_unavailable");
        assertThat(io.runload.topology.DeadLetterHeaders.text(headers, io.runload.topology.DeadLetterHeaders.MESSAGE))
                .isEqualTo("cannot get writer schema id 9 from https://***@registry:8081/schemas/ids/9");
    }

    @Test
    void unknownIdsAreRememberedForTheConfiguredTime() throws Exception {
        server = new FakeConfluentRegistry();
        HttpSchemaRegistryClient remembering =
                new HttpSchemaRegistryClient(server.url(), FAST.withMissingIdCacheTtl(Duration.ofSeconds(60)));
        for (int i = 0; i < 50; i++) {
            SchemaRegistryException e =
                    catchThrowableOfType(SchemaRegistryException.class, () -> remembering.schemaById(77));
            assertThat(e.isNotFound()).isTrue();
            assertThat(e.errorCode()).isEqualTo(40403);
        }
        assertThat(server.requestCount("GET", "/schemas/ids/77")).isEqualTo(1);

        HttpSchemaRegistryClient forgetting =
                new HttpSchemaRegistryClient(server.url(), FAST.withMissingIdCacheTtl(Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> forgetting.schemaById(77)).isInstanceOf(SchemaRegistryException.class);
        }
        assertThat(server.requestCount("GET", "/schemas/ids/77")).isEqualTo(4);

        // Once the period is over the id is asked for again, and found if it was registered meanwhile.
        HttpSchemaRegistryClient briefly =
                new HttpSchemaRegistryClient(server.url(), FAST.withMissingIdCacheTtl(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> briefly.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
        new HttpSchemaRegistryClient(server.url(), FAST).register(SUBJECT, HR);
        assertThatThrownBy(() -> briefly.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
        assertThat(server.requestCount("GET", "/schemas/ids/1")).isEqualTo(1);
        Thread.sleep(1_100);
        assertThat(briefly.schemaById(1)).isEqualTo(HR);
        assertThat(server.requestCount("GET", "/schemas/ids/1")).isEqualTo(2);
    }

    @Test
    void httpsWithAPemTrustStore() throws Exception {
        Tls tls = Tls.generate(dir);
        server = new FakeConfluentRegistry(tls.serverContext(false));
        SchemaRegistryClient client = SchemaRegistryClients.create(
                server.url().toString(),
                Map.of(
                        "schema.registry.ssl.truststore.type",
                        "PEM",
                        "schema.registry.ssl.truststore.location",
                        tls.certificatePem().toString()));
        assertThat(client.register(SUBJECT, HR)).isEqualTo(1);

        // Without the trust store the JVM's default trust does not know this certificate.
        SchemaRegistryClient untrusting =
                SchemaRegistryClients.create(server.url().toString(), Map.of("max.retries", 0));
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> untrusting.schemaById(1));
        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS);
    }

    @Test
    void mutualTlsWithPkcs12Stores() throws Exception {
        Tls tls = Tls.generate(dir);
        server = new FakeConfluentRegistry(tls.serverContext(true), true);
        Map<String, Object> trustOnly = Map.of(
                "schema.registry.ssl.truststore.type",
                "PKCS12",
                "schema.registry.ssl.truststore.location",
                tls.trustStore().toString(),
                "schema.registry.ssl.truststore.password",
                Tls.PASSWORD,
                "max.retries",
                0);
        SchemaRegistryClient anonymous =
                SchemaRegistryClients.create(server.url().toString(), trustOnly);
        assertThat(catchThrowableOfType(SchemaRegistryException.class, () -> anonymous.register(SUBJECT, HR))
                        .httpStatus())
                .isEqualTo(SchemaRegistryException.NO_STATUS);
        assertThat(server.requests()).isEmpty();

        Map<String, Object> withKey = new java.util.HashMap<>(trustOnly);
        withKey.put("schema.registry.ssl.keystore.type", "PKCS12");
        withKey.put("schema.registry.ssl.keystore.location", tls.keyStore().toString());
        withKey.put("schema.registry.ssl.keystore.password", Tls.PASSWORD);
        SchemaRegistryClient identified =
                SchemaRegistryClients.create(server.url().toString(), withKey);
        assertThat(identified.register(SUBJECT, HR)).isEqualTo(1);
    }

    @Test
    void aWrongKeyStorePasswordIsAConfigErrorWithoutThePassword() throws Exception {
        Tls tls = Tls.generate(dir);
        Throwable e = catchThrowable(() -> SchemaRegistryClients.create(
                "https://127.0.0.1:1",
                Map.of(
                        "schema.registry.ssl.keystore.type", "PKCS12",
                        "schema.registry.ssl.keystore.location", tls.keyStore().toString(),
                        "schema.registry.ssl.keystore.password", "not-the-password-xyz")));
        assertThat(e)
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("Cannot set up TLS for the schema registry");
        assertThat(e.getMessage()).doesNotContain("not-the-password-xyz");
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool, in the forms the tests need. */
    record Tls(Path keyStore, Path trustStore, Path certificatePem) {
        static final String PASSWORD = "changeit";

        static Tls generate(Path dir) throws Exception {
            Path keyStore = dir.resolve("registry.p12");
            Path pem = dir.resolve("registry.pem");
            Path trust = dir.resolve("trust.p12");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "registry",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=registry",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "registry",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    pem.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "registry",
                    "-file",
                    pem.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trust.toString(),
                    "-storepass",
                    PASSWORD);
            return new Tls(keyStore, trust, pem);
        }

        /** The server side; with {@code clientAuth} it requires a client certificate it trusts (the same one). */
        SSLContext serverContext(boolean clientAuth) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trusted.load(in, PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), clientAuth ? tmf.getTrustManagers() : null, null);
            return context;
        }

        private static void keytool(String... args) throws Exception {
            List<String> command = new java.util.ArrayList<>();
            command.add(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        }
    }
}
